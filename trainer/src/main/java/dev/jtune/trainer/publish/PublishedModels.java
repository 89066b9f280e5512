package dev.jtune.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.io.AtomicFolders;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** The workspace's model registry as a user manages it: what {@link Publisher} wrote, listed and deleted. */
public final class PublishedModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace workspace;

    public PublishedModels(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * One published model.
     *
     * @param job       the job it was published from, or null for a folder put there by hand
     * @param step      that job's checkpoint step, or -1
     * @param sizeBytes every file in the folder together
     * @param published when it was written (the folder's time when it does not say)
     */
    public record Entry(String name, String base, String job, long step, boolean adapterOnly, long sizeBytes,
                        Instant published, Path path) {
    }

    /** Every published model, by name. Half-written folders of a publish in progress (hidden names) are left out. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(workspace.modelsDir())) {
            return out;
        }
        for (String name : workspace.publishedModels()) {
            out.add(entry(name, workspace.modelDir(name)));
        }
        return out;
    }

    /**
     * Deletes published model {@code name}: renamed aside first, so a model is either whole or gone even if the
     * deletion is interrupted.
     *
     * @throws IllegalArgumentException naming the models there are
     */
    public void delete(String name) throws IOException {
        Path dir = workspace.modelDir(name);
        if (!Files.isDirectory(dir)) {
            List<String> names = list().stream().map(Entry::name).toList();
            throw new IllegalArgumentException("There is no published model named '" + name + "' ("
                    + (names.isEmpty() ? "none is published yet" : "published: " + String.join(", ", names)) + ").");
        }
        Path aside = workspace.modelsDir().resolve("." + name + "." + UUID.randomUUID() + ".deleted");
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        AtomicFolders.deleteRecursively(aside);
    }

    private static Entry entry(String name, Path dir) {
        String base = null;
        String job = null;
        long step = -1;
        boolean adapterOnly = false;
        Instant published = null;
        Path info = dir.resolve(ModelResolver.PUBLISHED_INFO);
        try {
            if (Files.isRegularFile(info)) {
                JsonNode n = JSON.readTree(info.toFile());
                base = n.path("base").asText(null);
                job = n.path("job").asText(null);
                step = n.path("step").asLong(-1);
                adapterOnly = n.path("adapter_only").asBoolean(false);
                if (n.hasNonNull("published")) {
                    published = Instant.parse(n.path("published").asText());
                }
            }
            if (published == null) {
                published = Files.getLastModifiedTime(dir).toInstant();
            }
            return new Entry(name, base, job, step, adapterOnly, size(dir), published, dir);
        } catch (IOException | RuntimeException unreadable) {
            // a hand-made or damaged folder is still listed (so it can be deleted), with what is known
            return new Entry(name, base, job, step, adapterOnly, -1, published, dir);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
