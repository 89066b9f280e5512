package dev.jtune.trainer.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the shared fixture folders (system property {@code jtune.fixtures}). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        return Path.of(System.getProperty("jtune.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    }

    public static List<Path> folders() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("reference.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
