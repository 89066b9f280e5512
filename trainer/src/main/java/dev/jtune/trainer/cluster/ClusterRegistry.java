package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.job.Names;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The clusters of a workspace, kept in its {@code clusters.yaml} (a list; written whole, atomically). */
public final class ClusterRegistry {

    public static final String FILE = "clusters.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    private final Path file;

    public ClusterRegistry(Path workspaceRoot) {
        this.file = workspaceRoot.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public synchronized List<ClusterSpec> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<ClusterSpec> all = YAML.readValue(file.toFile(), new TypeReference<List<ClusterSpec>>() { });
            return all == null ? List.of() : all;
        } catch (IOException e) {
            throw new ClusterException(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "). Fix it by hand, or delete it and add the clusters again with %cluster add.", e);
        }
    }

    public Optional<ClusterSpec> find(String name) {
        return list().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The cluster, or an error that lists the clusters there are. */
    public ClusterSpec get(String name) {
        return find(name).orElseThrow(() -> new ClusterException("--cluster " + name + ": there is no cluster of "
                + "that name (" + (list().isEmpty() ? "none is added" : "added: " + String.join(", ",
                list().stream().map(ClusterSpec::name).toList())) + "). Add it with %cluster add " + name
                + " --slurm --workdir DIR."));
    }

    /** Adds or replaces the cluster of that name. */
    public synchronized void put(ClusterSpec spec) throws IOException {
        Names.check("cluster", spec.name());
        List<ClusterSpec> all = new ArrayList<>(list());
        all.removeIf(c -> c.name().equals(spec.name()));
        all.add(spec);
        write(all);
    }

    public synchronized boolean remove(String name) throws IOException {
        List<ClusterSpec> all = new ArrayList<>(list());
        boolean removed = all.removeIf(c -> c.name().equals(name));
        if (removed) {
            write(all);
        }
        return removed;
    }

    private void write(List<ClusterSpec> all) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> YAML.writeValue(out, all));
    }
}
