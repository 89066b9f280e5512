package dev.jtune.trainer.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the tests' data lives. The project carries its own copy of the HuggingFace reference fixtures
 * ({@code trainer/src/test/fixtures}, see its README) and the sample datasets ({@code notebooks/data}), so a fresh
 * clone tests itself. {@code -Djtune.fixtures=DIR[:DIR...]} adds fixture folders in the same layout (each DIR holds
 * one sub-folder per fixture, as {@code shared/fixtures} does); {@code -Djtune.datasets=DIR} points at other
 * sample data.
 */
public final class TestData {

    /** Relative to the module folder, where Surefire runs the tests. */
    private static final Path BUILT_IN_FIXTURES = Path.of("src/test/fixtures");
    private static final Path BUILT_IN_DATASETS = Path.of("../notebooks/data");

    private TestData() {
    }

    /**
     * Every fixture folder (one with a {@code reference.json}): the built-in ones, then those under each added
     * root. Fails rather than returning nothing, so that a parameterized test can never pass having checked nothing.
     */
    public static List<Path> fixtureFolders() {
        List<Path> folders = new ArrayList<>();
        for (Path root : fixtureRoots()) {
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException("fixtures folder " + root + " does not exist (from -Djtune.fixtures)");
            }
            try (Stream<Path> list = Files.list(root)) {
                list.filter(p -> Files.isRegularFile(p.resolve("reference.json"))).sorted().forEach(folders::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (folders.isEmpty()) {
            throw new IllegalStateException("no fixture folder (one with a reference.json) under " + fixtureRoots());
        }
        return folders;
    }

    /** The built-in fixture of that name, e.g. {@code tiny-qwen2}. */
    public static Path fixture(String name) {
        Path folder = BUILT_IN_FIXTURES.resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(folder.resolve("reference.json"))) {
            throw new IllegalStateException("no fixture " + name + " in " + folder.getParent());
        }
        return folder;
    }

    /** The folder of the sample datasets (intents-train.jsonl, intents-test.jsonl, faq.csv, corpus.txt). */
    public static Path datasets() {
        String configured = System.getProperty("jtune.datasets", "");
        Path dir = (configured.isBlank() ? BUILT_IN_DATASETS : Path.of(configured)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("intents-train.jsonl"))) {
            throw new IllegalStateException("no sample datasets in " + dir + " (set -Djtune.datasets)");
        }
        return dir;
    }

    private static List<Path> fixtureRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(canonical(BUILT_IN_FIXTURES));
        for (String extra : System.getProperty("jtune.fixtures", "").split(File.pathSeparator)) {
            if (!extra.isBlank()) {
                roots.add(canonical(Path.of(extra.trim())));
            }
        }
        return List.copyOf(roots);
    }

    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }
}
