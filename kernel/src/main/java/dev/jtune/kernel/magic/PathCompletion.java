package dev.jtune.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File names for a partly typed path, for magics that take one; folders end with "/" so completion goes on. */
public final class PathCompletion {
    /** Listing a huge folder must not hold up the notebook. */
    private static final int MAX_ENTRIES = 500;

    private PathCompletion() {
    }

    /** Entries of the folder {@code typed} is in (relative to {@code workingDirectory}), written as typed. */
    public static List<String> candidates(Path workingDirectory, String typed) {
        String folderPart = typed.substring(0, typed.lastIndexOf('/') + 1);
        Path folder = workingDirectory.resolve(folderPart.isEmpty() ? "." : folderPart);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.limit(MAX_ENTRIES)
                    .map(path -> folderPart + path.getFileName() + (Files.isDirectory(path) ? "/" : ""))
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
