package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Path;

import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.hub.ModelResolver;
import dev.jtune.trainer.job.JobManager;
import dev.jtune.trainer.job.Workspace;
import dev.jtune.trainer.publish.Publisher;

/**
 * What one notebook kernel knows between cells: its datasets, its workspace with the jobs and published models,
 * the models loaded for chat, and token statistics already computed. Magics and {@code JTune} share it.
 */
public final class Session implements AutoCloseable {
    private final Path workingDirectory;
    private final DatasetCatalog datasets;
    private final Workspace workspace;
    private final ModelResolver models;
    private final JobManager jobs;
    private final Publisher publisher;
    private final ChatModels chatModels;
    private final DatasetStatsCache stats;

    private Session(Path workingDirectory, DatasetCatalog datasets, Workspace workspace, ModelResolver models, JobManager jobs,
                    Publisher publisher) {
        this.workingDirectory = workingDirectory;
        this.datasets = datasets;
        this.workspace = workspace;
        this.models = models;
        this.jobs = jobs;
        this.publisher = publisher;
        this.chatModels = new ChatModels(models);
        this.stats = new DatasetStatsCache(models);
    }

    /**
     * Opens the workspace ({@code $JTUNE_HOME}, else {@code jtune-workspace} in the notebook's folder) and wires
     * the trainer to it.
     */
    public static Session open(Path workingDirectory, TrainerWiring wiring) throws IOException {
        String home = System.getenv("JTUNE_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home) : workingDirectory.resolve("jtune-workspace");
        Workspace workspace = Workspace.open(root);
        DatasetCatalog datasets = new DatasetCatalog();
        ModelResolver models = ModelResolver.forWorkspace(workspace, wiring.tinyModel());
        JobManager jobs = new JobManager(workspace, models, wiring.fineTuners(), wiring.trainingData(datasets));
        Publisher publisher = new Publisher(workspace, models, wiring.fineTuners());
        return new Session(workingDirectory, datasets, workspace, models, jobs, publisher);
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public DatasetCatalog datasets() {
        return datasets;
    }

    public Workspace workspace() {
        return workspace;
    }

    public ModelResolver models() {
        return models;
    }

    public JobManager jobs() {
        return jobs;
    }

    public Publisher publisher() {
        return publisher;
    }

    public ChatModels chatModels() {
        return chatModels;
    }

    public DatasetStatsCache stats() {
        return stats;
    }

    /** Frees the models loaded for chat; jobs keep their own threads and files. */
    @Override
    public void close() {
        chatModels.close();
        stats.close();
    }
}
