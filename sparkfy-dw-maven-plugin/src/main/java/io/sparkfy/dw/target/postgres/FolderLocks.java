package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The operating system's file locks beside a data folder, which let the builds of several JVMs share one server:
 * <ul>
 * <li>{@code pgdata.lock}, the door: held, exclusively and briefly, by a build that looks at the server, starts it,
 * or leaves it (and stops it when it was the last user), so those steps never interleave;
 * <li>{@code pgdata.users}: held, shared, by every build that uses the server, for as long as it does. A build that
 * leaves stops the server only if it then gets this lock exclusively: no other build holds it.
 * </ul>
 * The kernel drops a process's locks when it dies, {@code kill -9} included, so a dead build holds nothing.
 */
final class FolderLocks {

    private FolderLocks() {
    }

    /** Waits for the door (the kernel wakes us when it is free: no polling) and takes it. */
    static FileLock door(Path dataDirectory) {
        FileChannel channel = open(sibling(dataDirectory, ".lock"));
        try {
            return channel.lock();
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw new SparkfyException("cannot lock " + sibling(dataDirectory, ".lock") + ": " + e.getMessage(), e);
        }
    }

    /** This build's share of the users' lock; held until {@link #leave} or the process ends. */
    static FileLock use(Path dataDirectory) {
        FileChannel channel = open(sibling(dataDirectory, ".users"));
        try {
            return channel.lock(0, Long.MAX_VALUE, true);
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw new SparkfyException("cannot lock " + sibling(dataDirectory, ".users") + ": " + e.getMessage(), e);
        }
    }

    /** Whether some build uses the server: its shared lock keeps an exclusive one from being granted. */
    static boolean inUse(Path dataDirectory) {
        try (FileChannel channel = open(sibling(dataDirectory, ".users")); FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM's own share
        } catch (IOException e) {
            throw new SparkfyException("cannot lock " + sibling(dataDirectory, ".users") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lets go of this build's share; true if no other build holds one (then the caller, holding the door, stops
     * the server). Only JDK classes: the shutdown hook calls it.
     */
    static boolean leave(FileLock share) {
        FileChannel channel = share.channel();
        try {
            share.release();
            FileLock alone = channel.tryLock();
            if (alone != null) {
                alone.release();
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // not sure: leave the server running rather than stop it under another build
        } finally {
            close(channel);
        }
    }

    static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel lets go of it too
        } finally {
            close(lock.channel());
        }
    }

    private static Path sibling(Path dataDirectory, String suffix) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + suffix);
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SparkfyException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
