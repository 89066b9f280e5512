package dev.jtune.trainer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder counterpart of {@link AtomicFiles}: a checkpoint, a published model or a downloaded snapshot is built
 * under a temp name next to its target and renamed into place, so readers see the whole folder or none of it.
 */
public final class AtomicFolders {

    private AtomicFolders() {
    }

    /** Fills a folder that is not yet visible under its final name. */
    @FunctionalInterface
    public interface FolderWriter {
        void writeInto(Path dir) throws IOException;
    }

    /**
     * Makes an empty {@code temp} (removing a leftover of an aborted run), lets {@code content} fill it, then lets
     * {@code install} move it into place; {@code temp} is gone afterwards whether that worked or not.
     */
    public static void build(Path temp, FolderWriter content, FolderWriter install) throws IOException {
        deleteRecursively(temp);
        Files.createDirectories(temp);
        try {
            content.writeInto(temp);
            install.writeInto(temp);
        } catch (Throwable t) {
            try {
                deleteRecursively(temp);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);  // the first failure is the one to report
            }
            throw t;
        }
        deleteRecursively(temp);
    }

    /**
     * Renames the finished folder {@code built} to {@code target}; an existing {@code target} is first renamed to
     * {@code aside} and deleted only once the new folder is in place, so some complete version is always there.
     */
    public static void replace(Path built, Path target, Path aside) throws IOException {
        if (!Files.exists(target)) {
            Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        deleteRecursively(aside);
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(aside);
    }

    /** Deletes {@code dir} with everything in it; nothing to do when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
