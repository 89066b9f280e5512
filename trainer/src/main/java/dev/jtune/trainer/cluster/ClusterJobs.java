package dev.jtune.trainer.cluster;

import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.io.AtomicFolders;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.Names;
import dev.jtune.trainer.job.Workspace;
import dev.jtune.trainer.runtime.DatasetStore;
import dev.jtune.trainer.runtime.JTuneRuntime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits jobs to clusters. The job folder is made in the cluster's workdir (itself a JTune workspace:
 * {@code WORKDIR/jobs/NAME}) with a local job's layout (config.json, status.json, the data snapshot under
 * {@code data/}) plus {@code job.sbatch} and {@code cluster.json}; the local workspace gets {@code jobs/NAME} as a
 * link to it, so listings, events, checkpoints, %chat and a kernel restart see it like a local job.
 * Nothing is left behind when a step fails: the remote folder is built under a temp name, removed if the
 * scheduler refuses the job, and the local link is made last.
 */
public final class ClusterJobs {

    /** The data snapshot's folder inside the job folder (a {@link DatasetStore}). */
    public static final String DATA_DIR = "data";

    private final JTuneRuntime runtime;
    private final ClusterRegistry clusters;
    private final List<String> trainerCommand;

    /**
     * @param trainerCommand how a node starts jtune-train (e.g. {@code install/jtune-train}, or this JVM's java and
     *                       classpath, which the nodes see on the shared filesystem)
     */
    public ClusterJobs(JTuneRuntime runtime, List<String> trainerCommand) {
        this.runtime = runtime;
        this.clusters = new ClusterRegistry(runtime.workspace().root());
        this.trainerCommand = List.copyOf(trainerCommand);
    }

    /** This JVM's java and classpath, with the settings every DJL process needs. */
    public static List<String> thisJvmTrainer() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.log.ai.djl=error", "-cp",
                System.getProperty("java.class.path"), "dev.jtune.trainer.cli.JTuneTrain");
    }

    public ClusterRegistry clusters() {
        return clusters;
    }

    /** Submits {@code config} (which names its cluster); returns the job, whose folder is reached through the link. */
    public Job submit(JobConfig config) throws IOException {
        config.validate();
        if (config.resume() != null || config.initFrom() != null) {
            throw new IllegalArgumentException("--resume and --init-from are not supported with --cluster yet: "
                    + "start a new job on the cluster");
        }
        ClusterSpec cluster = clusters.get(config.cluster());
        ClusterBackend backend = cluster.backend();
        Workspace local = runtime.workspace();
        String name = config.name() == null ? local.newJobName(config) : config.name();
        Names.check("job", name);
        Path link = local.jobsDir().resolve(name);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("a job named '" + name + "' exists already: pick another --name");
        }
        local.checkJobNameFree(name);
        runtime.resolver().resolve(config.base());  // a wrong base fails now, not on the node
        Map<String, DatasetSplit> snapshot = snapshot(config);
        Path workdir = cluster.workdirPath().toAbsolutePath();
        Path jobsDir = workdir.resolve("jobs");
        Path dir = jobsDir.resolve(name);
        try {
            Files.createDirectories(jobsDir);
            if (!Files.isWritable(jobsDir)) {
                throw new AccessDeniedException(jobsDir.toString());
            }
        } catch (IOException e) {
            throw new ClusterException("The workdir of cluster '" + cluster.name() + "' cannot take job folders: "
                    + jobsDir + " is not writable (" + e.getClass().getSimpleName() + "). Give it a folder you can "
                    + "write on the shared filesystem: %cluster add " + cluster.name() + " ... --workdir DIR.", e);
        }
        if (Files.exists(dir)) {
            throw new IllegalArgumentException("a job named '" + name + "' exists already in " + jobsDir
                    + ": pick another --name");
        }
        Path output = dir.resolve("slurm-output.txt");
        ClusterJobRecord record = new ClusterJobRecord(cluster.name(), config.engine(), null, output.toString(),
                Instant.now().toString());
        BatchRequest request;
        if ("jtune".equals(config.engine())) {
            JobConfig named = config.withName(name).withOverrides(snapshotNames(config));
            request = batch(name, dir, output, cluster, config,
                    JTuneEngine.body(trainerCommand, workdir, dir, name));
            AtomicFolders.build(jobsDir.resolve("." + name + ".tmp"), temp -> {
                named.write(temp.resolve("config.json"));
                Workspace.initJobFolder(temp);
                DatasetStore store = new DatasetStore(temp.resolve(DATA_DIR));
                for (var e : snapshot.entrySet()) {
                    store.save(e.getKey(), e.getValue());
                }
                Files.writeString(temp.resolve("job.sbatch"), request.script());
                record.write(temp);
            }, built -> Files.move(built, dir, StandardCopyOption.ATOMIC_MOVE));
        } else {
            // The engine's config names its files by their final paths, so they are written in place; the folder
            // is removed again if anything fails before the job is submitted.
            try {
                Files.createDirectories(dir);
                ExternalEngine.Export export = EngineExports.export(runtime, config, config.engine(), dir);
                request = batch(name, dir, output, cluster, config, externalBody(name, dir,
                        ExternalEngine.named(config.engine()).launch(export, config, cluster.activateScript())));
                config.withName(name).write(dir.resolve("config.json"));
                Workspace.initJobFolder(dir);
                Files.writeString(dir.resolve("plan-unmapped.txt"), String.join("\n", export.unmapped()) + "\n");
                Files.writeString(dir.resolve("job.sbatch"), request.script());
                record.write(dir);
            } catch (IOException | RuntimeException e) {
                AtomicFolders.deleteRecursively(dir);
                throw e;
            }
        }
        String schedulerId;
        try {
            schedulerId = backend.submit(request);
        } catch (RuntimeException refused) {
            AtomicFolders.deleteRecursively(dir);
            throw refused;
        }
        record.withSchedulerId(schedulerId).write(dir);
        Files.createSymbolicLink(link, dir);
        return local.job(name);
    }

    private static BatchRequest batch(String name, Path dir, Path output, ClusterSpec cluster, JobConfig config,
                                      String body) {
        return new BatchRequest("jtune-" + name, dir, output, nullToEmpty(cluster.partition()),
                nullToEmpty(cluster.account()), config.nodes(), config.gpusPerNode(), nullToEmpty(config.time()),
                Map.of("OPT_OUT_TRACKING", "true"), body);
    }

    /** Markers around the engine's launch: started (for the status), and the exit status, whatever happens. */
    private static String externalBody(String name, Path dir, String launch) {
        String marker = ShellWords.quote(dir.resolve(Job.CLUSTER_EXIT).toString());
        return String.join("\n",
                "echo \"job " + name + " on $(hostname), Slurm job $SLURM_JOB_ID\"",
                "date -u +%FT%TZ > " + ShellWords.quote(dir.resolve(ExternalJobSync.STARTED).toString()),
                "(",
                launch,
                ") &",
                "engine=$!",
                "trap 'kill -TERM $engine' TERM",
                "wait $engine; status=$?",
                "if kill -0 $engine 2>/dev/null; then wait $engine; status=$?; fi",
                "echo $status > " + marker,
                "exit $status");
    }

    /**
     * Stops a cluster job: JTune's trainer through its stop-request file (it saves a checkpoint first); an external
     * engine is cancelled (its complete checkpoints stay), the request file saying it was asked for.
     */
    public Job stop(Job job) throws IOException {
        ClusterJobRecord record = ClusterJobRecord.of(job).orElseThrow(() -> new IllegalArgumentException(
                "job " + job.name() + " does not run on a cluster"));
        if ("jtune".equals(record.engine())) {
            return runtime.jobs().stop(job.name());
        }
        Files.writeString(job.dir().resolve("stop-request"), "requested at " + Instant.now() + "\n");
        clusters.get(record.cluster()).backend().cancel(record.schedulerId());
        return job;
    }

    /** The examples the job names, as this session sees them now, keyed by the name the node will find them under. */
    private Map<String, DatasetSplit> snapshot(JobConfig config) {
        runtime.jobData().checkReferences(config);
        Map<String, DatasetSplit> m = new LinkedHashMap<>();
        m.put(snapshotName(config.data()), runtime.jobData().split("--data", config.data(), config.seed()));
        if (config.val() != null) {
            m.put(snapshotName(config.val()), DatasetSplit.none(runtime.jobData().examples("--val", config.val(),
                    config.seed())));
        }
        return m;
    }

    private static Map<String, String> snapshotNames(JobConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", snapshotName(config.data()));
        if (config.val() != null) {
            m.put("val", snapshotName(config.val()));
        }
        return m;
    }

    /** A dataset name as it is; a file's name without folder and extension, made a valid dataset name. */
    static String snapshotName(String reference) {
        String n = Path.of(reference.strip()).getFileName().toString().replaceFirst("\\.[A-Za-z0-9]+$", "")
                .replaceAll("[^A-Za-z0-9_.-]", "-");
        return n.isEmpty() ? "data" : n;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
