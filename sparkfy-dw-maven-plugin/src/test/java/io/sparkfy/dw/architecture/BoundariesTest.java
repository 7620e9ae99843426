package io.sparkfy.dw.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rooms of the engine, kept by the build: Maven stays in the mojos, each target keeps what is its own, and
 * dependencies between packages run one way.
 */
@AnalyzeClasses(packages = "io.sparkfy.dw", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    @ArchTest
    static final ArchRule mavenOnlyInTheMojos = noClasses().that().resideOutsideOfPackage("io.sparkfy.dw.maven..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.maven..")
            .because("the engine is plain Java; the mojos only adapt Maven to it");

    @ArchTest
    static final ArchRule engineNeverReachesIntoMojos = noClasses().that()
            .resideOutsideOfPackage("io.sparkfy.dw.maven..")
            .should().dependOnClassesThat().resideInAPackage("io.sparkfy.dw.maven..");

    @ArchTest
    static final ArchRule postgresStaysInItsRoom = noClasses().that()
            .resideOutsideOfPackage("io.sparkfy.dw.target.postgres..")
            .should().dependOnClassesThat().resideInAPackage("io.sparkfy.dw.target.postgres..")
            .because("the target is picked by Warehouses through its provider; nothing else knows it");

    @ArchTest
    static final ArchRule redshiftStaysInItsRoom = noClasses().that()
            .resideOutsideOfPackage("io.sparkfy.dw.target.redshift..")
            .should().dependOnClassesThat().resideInAPackage("io.sparkfy.dw.target.redshift..")
            .because("the target is picked by Warehouses through its provider; nothing else knows it");

    @ArchTest
    static final ArchRule driversStayInTheirTargets = noClasses().that()
            .resideOutsideOfPackages("io.sparkfy.dw.target.postgres..", "io.sparkfy.dw.target.redshift..")
            .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.amazon.redshift..",
                    "io.zonky..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.sparkfy.dw.(**)").should().beFreeOfCycles();
}
