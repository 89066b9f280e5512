package dev.jtune.trainer.cluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Slurm on 127.0.0.1 (src/test/slurm/local-slurm.sh) for the test classes that extend with it:
 * started once per test JVM (tests take it as a {@link Cluster} parameter), stopped when the JVM's tests end (JUnit closes the root store), also after a failure.
 */
public final class LocalSlurm implements BeforeAllCallback, ParameterResolver {

    private static final Path SCRIPT = Path.of("src/test/slurm/local-slurm.sh").toAbsolutePath();

    /** What a test needs to reach it. */
    public record Cluster(Path dir, String slurmConf, String restUrl, String token) {
        public Map<String, String> environment() {
            return Map.of("SLURM_CONF", slurmConf);
        }

        public SlurmCommands commands() {
            return new SlurmCommands("local", java.util.List.of(), environment());
        }

        public SlurmRest rest() {
            return new SlurmRest("local", restUrl, SlurmRest.DEFAULT_API_VERSION, "root", token);
        }
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final Cluster cluster;

        Running(Cluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() throws Exception {
            script("stop", cluster.dir());
            deleteTree(cluster.dir());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    /** Tests take the running cluster as a {@link Cluster} parameter (of @BeforeAll, a test, a constructor). */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class).cluster;
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory("jtune-slurm");
            script("start", dir);
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("env"))) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return new Running(new Cluster(dir, env.get("SLURM_CONF"), env.get("JTUNE_TEST_SLURM_REST"),
                    env.get("JTUNE_TEST_SLURM_TOKEN")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void script(String action, Path dir) throws IOException {
        Process p = new ProcessBuilder(SCRIPT.toString(), action, dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(action + ".log").toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("local-slurm.sh " + action + " took over 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("local-slurm.sh " + action + " failed:\n"
                    + Files.readString(dir.resolve(action + ".log")));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
