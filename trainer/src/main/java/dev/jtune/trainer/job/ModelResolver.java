package dev.jtune.trainer.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.hub.DownloadProgress;
import dev.jtune.trainer.hub.HubClient;
import dev.jtune.trainer.hub.TinyModelSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the model references used everywhere ({@code --base}, {@code %chat}, {@code %eval}), in this order:
 * {@code tiny}; a job {@code JOB}, {@code JOB:STEP}, {@code JOB:best}, {@code JOB:last} (a job alone means its
 * newest checkpoint, so it works while the job trains); a published model ({@code models/NAME}); a folder path;
 * a hub id {@code org/name} (downloaded into the cache once). It lives with the jobs (the hub package is only the
 * download client), so jobs and the hub do not depend on each other both ways.
 */
public final class ModelResolver {

    /** Written into published folders: which base an adapter-only model goes on. */
    public static final String PUBLISHED_INFO = "jtune-model.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace workspace;
    private final TinyModelSource tiny;
    private final HubClient hub;

    public ModelResolver(Workspace workspace, TinyModelSource tiny, HubClient hub) {
        this.workspace = workspace;
        this.tiny = tiny;
        this.hub = hub;
    }

    /**
     * With the hub from the environment ({@code HF_ENDPOINT}, {@code HF_TOKEN}), caching downloads in
     * {@code $JTUNE_HOME/cache/hub}, else {@code ~/.cache/jtune/hub} (shared by every notebook of the user).
     */
    public static ModelResolver forWorkspace(Workspace workspace, TinyModelSource tiny) {
        return new ModelResolver(workspace, tiny, HubClient.fromEnvironment(HubClient.defaultCacheDir()));
    }

    public ResolvedModel resolve(String reference) {
        return resolve(reference, DownloadProgress.NONE);
    }

    public ResolvedModel resolve(String reference, DownloadProgress progress) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("no model given: " + choices());
        }
        String ref = reference.trim();
        if (ref.equals("tiny")) {
            try {
                return new ResolvedModel(ref, ResolvedModel.Kind.TINY,
                        tiny.materialize(workspace.cacheDir().resolve("tiny")), null);
            } catch (IOException e) {
                throw new UncheckedIOException("the tiny model cannot be written into " + workspace.cacheDir()
                        + ": " + e.getMessage(), e);
            }
        }
        Optional<Job> job = workspace.findJob(ModelRef.jobPart(ref));
        if (job.isPresent()) {
            return fromJob(ref, job.get(), progress);
        }
        if (Names.isValid(ref) && Files.isDirectory(workspace.modelsDir().resolve(ref))) {
            return fromFolder(ref, ResolvedModel.Kind.PUBLISHED, workspace.modelsDir().resolve(ref), progress);
        }
        Path folder = asFolder(ref);
        if (folder != null) {
            return fromFolder(ref, ResolvedModel.Kind.FOLDER, folder, progress);
        }
        if (HubClient.isRepoId(ref) || (ref.contains("@") && HubClient.isRepoId(ref.substring(0, ref.indexOf('@'))))) {
            int at = ref.indexOf('@');
            String repo = at < 0 ? ref : ref.substring(0, at);
            String rev = at < 0 ? null : ref.substring(at + 1);
            return new ResolvedModel(ref, ResolvedModel.Kind.HUB, hub.download(repo, rev, progress), null);
        }
        if (ref.contains(":") && workspace.findJob(ModelRef.jobPart(ref)).isEmpty()) {
            throw new IllegalArgumentException("no job named '" + ModelRef.jobPart(ref) + "' for " + ref + ": "
                    + choices());
        }
        throw new IllegalArgumentException("no model '" + ref + "': " + choices());
    }

    private ResolvedModel fromJob(String ref, Job job, DownloadProgress progress) {
        Checkpoint checkpoint = job.checkpoint(ModelRef.checkpointPart(ref));
        ResolvedModel base = resolve(job.config().base(), progress);
        // the job's checkpoint holds every trained weight (adapters trained on top of an earlier job included)
        return new ResolvedModel(ref, ResolvedModel.Kind.JOB_CHECKPOINT, base.baseFolder(), checkpoint.path());
    }

    private ResolvedModel fromFolder(String ref, ResolvedModel.Kind kind, Path folder, DownloadProgress progress) {
        if (Files.isRegularFile(folder.resolve("config.json"))) {
            return new ResolvedModel(ref, kind, folder, null);
        }
        if (Files.isRegularFile(folder.resolve("adapter_config.json"))) {
            String base = adapterBase(folder);
            ResolvedModel b = resolve(base, progress);
            return new ResolvedModel(ref, kind, b.baseFolder(), folder);
        }
        throw new IllegalArgumentException(folder + " is not a model folder: it has neither config.json (a "
                + "HuggingFace model) nor adapter_config.json (a PEFT adapter)");
    }

    /** The base of an adapter folder: our publish info, else PEFT's base_model_name_or_path. */
    private static String adapterBase(Path folder) {
        try {
            Path info = folder.resolve(PUBLISHED_INFO);
            if (Files.isRegularFile(info)) {
                String b = JSON.readTree(info.toFile()).path("base").asText(null);
                if (b != null) {
                    return b;
                }
            }
            String b = JSON.readTree(folder.resolve("adapter_config.json").toFile())
                    .path("base_model_name_or_path").asText(null);
            if (b == null || b.isBlank()) {
                throw new IllegalArgumentException(folder + "/adapter_config.json does not name its base model "
                        + "(base_model_name_or_path): set it, or publish the adapter merged");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + "/adapter_config.json: " + e.getMessage(), e);
        }
    }

    private static Path asFolder(String ref) {
        try {
            Path p = Path.of(ref.startsWith("~/") ? System.getProperty("user.home") + ref.substring(1) : ref);
            return Files.isDirectory(p) ? p.toAbsolutePath().normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private String choices() {
        List<String> jobs = workspace.jobs().stream().map(Job::name).toList();
        List<String> models = workspace.publishedModels();
        return "use tiny, a model folder, a job" + (jobs.isEmpty() ? "" : " (" + String.join(", ", jobs) + ")")
                + " or JOB:STEP, a published model" + (models.isEmpty() ? "" : " (" + String.join(", ", models) + ")")
                + ", or a hub id such as Qwen/Qwen2.5-0.5B-Instruct";
    }
}
