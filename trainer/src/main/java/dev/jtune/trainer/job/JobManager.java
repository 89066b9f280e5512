package dev.jtune.trainer.job;

import dev.jtune.trainer.io.AtomicFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Starts, resumes, stops, copies and deletes jobs of one workspace. Each job trains on its own thread; only one
 * trains at a time on the device (the others wait as {@code queued}, in submission order).
 */
public final class JobManager {

    private final Workspace workspace;
    private final ModelResolver resolver;
    private final FineTunerFactory tuners;
    private final TrainingDataFactory datasets;
    private final Semaphore device = new Semaphore(1, true);
    private final Map<String, JobHandle> live = new ConcurrentHashMap<>();
    private final JobPlanner planner;

    public JobManager(Workspace workspace, ModelResolver resolver, FineTunerFactory tuners,
                      TrainingDataFactory datasets) {
        this.workspace = workspace;
        this.resolver = resolver;
        this.tuners = tuners;
        this.datasets = datasets;
        this.planner = new JobPlanner(workspace, resolver, tuners, datasets, device, tuners.deviceName());
    }

    public Workspace workspace() {
        return workspace;
    }

    /**
     * Starts a new job, or continues one when {@code config.resume()} is set (see {@link #resume}). The config is
     * validated and its folder written before this returns; training runs on the job's thread.
     */
    public synchronized JobHandle start(JobConfig config, JobListener... listeners) throws IOException {
        config.validate();
        if (config.resume() != null) {
            if (config.name() != null && !config.name().equals(ModelRef.jobPart(config.resume()))) {
                throw new IllegalArgumentException("--resume " + config.resume() + " continues that job in its own "
                        + "folder: drop --name " + config.name() + ", or use --init-from " + config.resume()
                        + " to start a new job from its weights");
            }
            // what the user gave with --resume (e.g. more --max-steps, or --lr equal to its default) applies to the
            // resumed job; its base stays
            Map<String, String> changes = new LinkedHashMap<>(config.userSet());
            changes.keySet().removeAll(List.of("name", "resume", "init-from", "base"));
            return resume(config.resume(), changes, listeners);
        }
        config = withInheritedBase(config);
        String name = config.name() == null ? workspace.newJobName(config) : config.name();
        Path dir = workspace.jobsDir().resolve(Names.check("job", name));
        if (Files.exists(dir)) {
            throw new IllegalArgumentException("a job named '" + name + "' exists already: pick another --name, "
                    + "continue it with --resume " + name + ", or delete it with %jobs delete " + name);
        }
        workspace.checkJobNameFree(name);
        if (config.initFrom() != null) {
            resolver.resolve(config.initFrom());  // fail now, not on the job thread, when the reference is wrong
        }
        datasets.checkReferences(config);
        JobConfig named = config.withName(name);
        Files.createDirectories(dir);
        Workspace.markCreated(dir);
        Job job = new Job(name, dir);
        named.write(dir.resolve("config.json"));
        job.writeStatus(JobStatus.created());
        return launch(job, named, null, listeners);
    }

    /**
     * The plan of {@code config} without starting it or writing anything ({@code --dry-run}): examples, tokens and
     * optimizer steps from the job's own batching, and a time estimate (from an earlier job like it, else, with
     * {@code timeSteps}, from two real steps). A resume plans the job it continues, with the given changes.
     */
    public JobPlan plan(JobConfig config, boolean timeSteps) throws IOException {
        config.validate();
        if (config.resume() != null) {
            Map<String, String> changes = new LinkedHashMap<>(config.userSet());
            changes.keySet().removeAll(List.of("name", "resume", "init-from", "base"));
            config = workspace.job(ModelRef.jobPart(config.resume())).config().withOverrides(changes)
                    .withoutStartReferences();
        }
        config = withInheritedBase(config);
        if (config.initFrom() != null) {
            resolver.resolve(config.initFrom());
        }
        datasets.checkReferences(config);
        return planner.plan(config, timeSteps);
    }

    /** {@code --init-from JOB} without {@code --base} trains on that job's base. */
    private JobConfig withInheritedBase(JobConfig config) {
        if (config.base() == null && config.initFrom() != null) {
            return JobConfigCodec.withValue(config, "base",
                    workspace.job(ModelRef.jobPart(config.initFrom())).config().base(), false);
        }
        return config;
    }

    /** Starts a job that was created but never run (by {@link #copy}). */
    public synchronized JobHandle start(String name, JobListener... listeners) throws IOException {
        Job job = workspace.job(name);
        // raw: a cluster job waiting for its node reads as queued, but to the node it is new
        JobStatus s = job.rawStatus();
        if (s.state() != JobState.CREATED) {
            throw new IllegalArgumentException("job " + name + " is " + s.state().label() + ", not new: use --resume "
                    + name + " to continue it, or %jobs copy " + name + " NEW to run it again");
        }
        return launch(job, job.config(), null, listeners);
    }

    /**
     * Continues a job from a checkpoint ({@code JOB} = its last, {@code JOB:STEP}, {@code JOB:best}) in its own
     * folder: step count, schedule, optimizer state and data order go on where they were. Overrides may change
     * e.g. {@code max-steps} or {@code epochs} to train longer.
     */
    public synchronized JobHandle resume(String reference, Map<String, String> overrides, JobListener... listeners)
            throws IOException {
        String name = ModelRef.jobPart(reference);
        Job job = workspace.job(name);
        JobStatus s = job.status();
        if (s.isActive()) {
            throw new IllegalArgumentException("job " + name + " is " + s.state().label() + ": it can be resumed once "
                    + "it has stopped (%jobs stop " + name + ")");
        }
        Checkpoint checkpoint = job.checkpoint(ModelRef.checkpointPart(reference));
        JobConfig config = job.config().withOverrides(overrides).withoutStartReferences();
        config.write(job.dir().resolve("config.json"));
        job.writeStatus(s.progress(checkpoint.step(), s.totalSteps()).checkpoint(checkpoint.step())
                .with(JobState.CREATED, null));
        return launch(job, config, checkpoint.path(), listeners);
    }

    private JobHandle launch(Job job, JobConfig config, Path resumeFrom, JobListener... listeners)
            throws IOException {
        if (config.runsOnCluster() && !job.isOnCluster()) {
            // a job meant for a cluster must not quietly train here (e.g. a copy of a cluster job)
            throw new IllegalArgumentException("job " + job.name() + " names --cluster " + config.cluster()
                    + ": submit it with %finetune ... --cluster " + config.cluster() + " (or jtune-train finetune "
                    + "--cluster), or drop --cluster to train here");
        }
        job.clearStopRequest();  // a request left from an earlier run must not stop this one
        job.writeStatus(job.rawStatus().ownedByThisProcess(JobState.QUEUED));
        JobHandle handle = new JobHandle(job, Arrays.asList(listeners));
        TrainingRun run = new TrainingRun(handle, config, resumeFrom, resolver, tuners, datasets, device);
        Thread thread = new Thread(() -> {
            try {
                run.run();
            } finally {
                live.remove(job.name(), handle);
            }
        }, "jtune-job-" + job.name());
        thread.setDaemon(true);
        live.put(job.name(), handle);
        thread.start();
        return handle;
    }

    /** The handle of a job queued or training in this JVM. */
    public Optional<JobHandle> running(String name) {
        return Optional.ofNullable(live.get(name));
    }

    public List<JobHandle> runningJobs() {
        return List.copyOf(live.values());
    }

    /**
     * Asks a job to stop after its current step (it saves a checkpoint first). A job trained by another process on
     * this workspace (another kernel, the CLI) gets a stop-request file that its loop picks up between steps.
     */
    public Job stop(String name) {
        JobHandle h = live.get(name);
        if (h != null) {
            h.stop();
            return h.job();
        }
        Job job = workspace.job(name);
        JobStatus s = job.status();
        if (!s.isActive()) {
            throw new IllegalArgumentException("job " + name + " is " + s.state().label() + ", not queued or "
                    + "training: there is nothing to stop");
        }
        try {
            job.requestStop();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot ask job " + name + " to stop: writing "
                    + job.dir().resolve(Job.STOP_REQUEST) + " failed (" + e.getMessage() + ")", e);
        }
        return job;
    }

    /**
     * A new job with the parameters of {@code from} and some replaced ({@code --set lr=1e-4}), created but not
     * started: start it with {@link #start(String, JobListener...)}.
     */
    public synchronized Job copy(String from, String to, Map<String, String> overrides) throws IOException {
        JobConfig source = workspace.job(from).config();
        Names.check("job", to);
        Path dir = workspace.jobsDir().resolve(to);
        if (Files.exists(dir)) {
            throw new IllegalArgumentException("a job named '" + to + "' exists already: pick another name");
        }
        workspace.checkJobNameFree(to);
        JobConfig config = source.withoutStartReferences().withOverrides(overrides).withName(to);
        AtomicFolders.build(workspace.jobsDir().resolve("." + to + ".tmp"), temp -> {
            config.write(temp.resolve("config.json"));
            Workspace.markCreated(temp);
            new Job(to, temp).writeStatus(JobStatus.created());
        }, built -> Files.move(built, dir, StandardCopyOption.ATOMIC_MOVE));
        return workspace.job(to);
    }

    /** Deletes a job folder with its checkpoints; refuses a job that is queued or training. */
    public synchronized void delete(String name) throws IOException {
        Job job = workspace.job(name);
        JobStatus s = job.status();
        if (live.containsKey(name) || s.isActive()) {
            throw new IllegalArgumentException("job " + name + " is " + s.state().label() + ": stop it first with "
                    + "%jobs stop " + name + ", then delete it");
        }
        Path doomed = workspace.jobsDir().resolve("." + name + ".deleting");
        AtomicFolders.deleteRecursively(doomed);
        Files.move(job.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        AtomicFolders.deleteRecursively(doomed);
    }
}
