package io.sparkfy.dw.schema;

import java.util.List;

/**
 * One versioned script of sparkfy-dw-sql ({@code V2__songplays_user_agent.sql}): applied once, in order, and
 * recorded with its checksum so that a script edited after it was applied is noticed.
 */
public record Migration(int version, String description, String script, long checksum,
                        List<SqlStatement> statements) {
}
