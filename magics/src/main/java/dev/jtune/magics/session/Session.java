package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Path;

import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.JobManager;
import dev.jtune.trainer.job.Workspace;
import dev.jtune.trainer.runtime.JTuneRuntime;

/**
 * What one notebook kernel knows between cells: the trainer's runtime (datasets, workspace with jobs and
 * published models, models loaded for chat) and the token statistics already computed for the dataset tables.
 * Magics and {@code JTune} share it.
 */
public final class Session implements AutoCloseable {
    private final Path workingDirectory;
    private final JTuneRuntime runtime;
    private final DatasetStatsCache stats;

    private Session(Path workingDirectory, JTuneRuntime runtime) {
        this.workingDirectory = workingDirectory;
        this.runtime = runtime;
        this.stats = new DatasetStatsCache(runtime.resolver());
    }

    /** Opens the workspace: {@code $JTUNE_HOME}, else {@code jtune-workspace} in the notebook's folder. */
    public static Session open(Path workingDirectory) throws IOException {
        String home = System.getenv("JTUNE_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home) : workingDirectory.resolve("jtune-workspace");
        return new Session(workingDirectory, JTuneRuntime.open(root));
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public JTuneRuntime runtime() {
        return runtime;
    }

    public DatasetCatalog datasets() {
        return runtime.datasets();
    }

    public Workspace workspace() {
        return runtime.workspace();
    }

    public ModelResolver models() {
        return runtime.resolver();
    }

    public JobManager jobs() {
        return runtime.jobs();
    }

    public DatasetStatsCache stats() {
        return stats;
    }

    /** Frees the models loaded for chat and the tokenizers; jobs keep their own threads and files. */
    @Override
    public void close() {
        stats.close();
        runtime.close();
    }
}
