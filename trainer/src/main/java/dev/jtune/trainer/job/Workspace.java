package dev.jtune.trainer.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder that holds jobs ({@code jobs/NAME/}), published models ({@code models/NAME/}) and the hub cache
 * ({@code cache/hub/}). Defaults to {@code $JTUNE_HOME}, else {@code ./jtune-workspace}.
 */
public final class Workspace {

    private static final String CREATED_MARKER = ".created";

    private final Path root;

    private Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static Workspace open(Path root) throws IOException {
        Workspace ws = new Workspace(root);
        Files.createDirectories(ws.jobsDir());
        Files.createDirectories(ws.modelsDir());
        return ws;
    }

    /** {@code $JTUNE_HOME}, else {@code ./jtune-workspace} next to the notebook (the kernel's working folder). */
    public static Workspace openDefault() throws IOException {
        String home = System.getenv("JTUNE_HOME");
        return open(home == null || home.isBlank() ? Path.of("jtune-workspace") : Path.of(home));
    }

    public Path root() {
        return root;
    }

    public Path jobsDir() {
        return root.resolve("jobs");
    }

    public Path modelsDir() {
        return root.resolve("models");
    }

    public Path cacheDir() {
        return root.resolve("cache");
    }

    /** Every job folder, oldest first, each reporting its true status. */
    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> s = Files.list(jobsDir())) {
            s.filter(Workspace::isJobFolder)
                    .filter(p -> Names.isValid(p.getFileName().toString()))
                    .sorted(Comparator.comparing(Workspace::createdTime).thenComparing(Path::toString))
                    .forEach(p -> jobs.add(new Job(p.getFileName().toString(), p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    public Optional<Job> findJob(String name) {
        if (!Names.isValid(name)) {
            return Optional.empty();
        }
        Path dir = jobsDir().resolve(name);
        return isJobFolder(dir) ? Optional.of(new Job(name, dir)) : Optional.empty();
    }

    /** The job, or an error that lists the jobs there are. */
    public Job job(String name) {
        return findJob(name).orElseThrow(() -> new IllegalArgumentException("no job named '" + name + "' in "
                + jobsDir() + (jobs().isEmpty() ? " (there are no jobs yet)"
                : ": the jobs are " + String.join(", ", jobs().stream().map(Job::name).toList()))));
    }

    /** Folder of a published model (may not exist). */
    public Path modelDir(String name) {
        return modelsDir().resolve(Names.check("model", name));
    }

    public List<String> publishedModels() {
        try (Stream<Path> s = Files.list(modelsDir())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(Names::isValid)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A published model may not take the name of a built-in model or of a job: {@code %chat NAME} must mean one
     * thing (a job's name already means its newest checkpoint).
     */
    public void checkModelNameFree(String name) {
        Names.check("model", name);
        if (Names.BUILT_IN_MODELS.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is the name of the built-in " + name + " model: "
                    + "publish under another --name, e.g. " + name + "-tuned");
        }
        if (findJob(name).isPresent()) {
            throw new IllegalArgumentException("'" + name + "' is the name of a job, and a model reference '" + name
                    + "' means that job's newest checkpoint: publish under another --name, e.g. " + name + "-model");
        }
    }

    /** A job may not take the name of a published or built-in model, for the same reason. */
    public void checkJobNameFree(String name) {
        Names.check("job", name);
        if (Names.BUILT_IN_MODELS.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is the name of the built-in " + name + " model: "
                    + "pick another --name for the job");
        }
        if (Files.isDirectory(modelsDir().resolve(name))) {
            throw new IllegalArgumentException("'" + name + "' is the name of a published model ("
                    + modelsDir().resolve(name) + "): pick another --name for the job");
        }
    }

    /** A free job name derived from the base model and method: {@code tiny-lora-1}, {@code Qwen2.5-0.5B-lora-2}. */
    public String newJobName(JobConfig config) {
        String base = config.base() == null ? "job" : config.base();
        base = base.replaceAll("[\\\\/]+$", "");
        base = base.substring(Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\')) + 1)
                .replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
        if (base.isEmpty()) {
            base = "job";
        }
        base = base.length() > 40 ? base.substring(0, 40) : base;
        String prefix = base + "-" + config.method() + "-";
        for (int i = 1; ; i++) {
            if (!Files.exists(jobsDir().resolve(prefix + i)) && !Files.exists(modelsDir().resolve(prefix + i))) {
                return prefix + i;
            }
        }
    }

    /**
     * A job folder has a config.json, or at least a status.json (written after the config): one whose config is
     * lost is still a job, listed as damaged rather than hidden.
     */
    private static boolean isJobFolder(Path dir) {
        return Files.exists(dir.resolve("config.json")) || Files.isRegularFile(dir.resolve("status.json"));
    }

    /** Makes a folder built elsewhere (a cluster job's) a new job folder: its birth marker and a created status. */
    public static void initJobFolder(Path dir) throws IOException {
        markCreated(dir);
        new Job(dir.getFileName().toString(), dir).writeStatus(JobStatus.created());
    }

    /** The job folder's birth, kept in an empty marker file that is never rewritten (listing order). */
    static void markCreated(Path jobDir) throws IOException {
        Files.createFile(jobDir.resolve(CREATED_MARKER));
    }

    private static long createdTime(Path p) {
        try {
            Path marker = p.resolve(CREATED_MARKER);
            return Files.getLastModifiedTime(Files.exists(marker) ? marker : p).to(java.util.concurrent.TimeUnit.MICROSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }
}
