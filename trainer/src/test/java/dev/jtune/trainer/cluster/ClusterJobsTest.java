package dev.jtune.trainer.cluster;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --engine jtune} on a real Slurm: the job trains on the node (jtune-train run-job from this JVM's
 * classpath) with the same curve as here, stops gracefully with a checkpoint, and bad input leaves nothing behind.
 */
@ExtendWith(LocalSlurm.class)
class ClusterJobsTest {

    private static final Path INTENTS = TestData.datasets().resolve("intents-train.jsonl");

    @TempDir
    Path local;

    private static JobConfig config(String name, String cluster, int maxSteps) {
        Map<String, String> f = new HashMap<>(Map.of("name", name, "base", "tiny", "data", "intents",
                "max-samples", "48", "batch-size", "4", "lr", "1e-3", "log-steps", "1", "save-steps", "2",
                "seed", "7", "max-steps", Integer.toString(maxSteps)));
        if (cluster != null) {
            f.put("cluster", cluster);
        }
        return JobConfig.fromFlags(f);
    }

    private JTuneRuntime runtime() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(INTENTS, "intents", DatasetOptions.DEFAULT, 0.1);
        return JTuneRuntime.open(local, catalog, Device.cpu());
    }

    private static JobStatus waitUntil(Job job, Predicate<JobStatus> done, int seconds) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(seconds));
        JobStatus s = job.status();
        while (!done.test(s) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            s = job.status();
        }
        assertTrue(done.test(s), "job " + job.name() + " is still " + s.state() + " after " + seconds + " s: "
                + s.message());
        return s;
    }

    private static ClusterSpec spec(LocalSlurm.Cluster slurm, String name, Path workdir, String partition) {
        return new ClusterSpec(name, ClusterSpec.SLURM, partition, null, workdir.toString(), null, null, null, null,
                null, null, null, null, slurm.slurmConf(), null);
    }

    @Test
    void trainsOnTheNodeLikeHereAndStopsGracefully(LocalSlurm.Cluster slurm) throws Exception {
        Path workdir = slurm.dir().resolve("shared-" + System.nanoTime());
        try (JTuneRuntime rt = runtime()) {
            ClusterJobs jobs = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer());
            jobs.clusters().put(spec(slurm, "local", workdir, null));
            Job remote = jobs.submit(config("remote", "local", 4));
            assertTrue(Files.isSymbolicLink(local.resolve("jobs/remote")));
            assertTrue(Files.isRegularFile(workdir.resolve("jobs/remote/job.sbatch")));
            assertTrue(Files.isRegularFile(workdir.resolve("jobs/remote/data/intents.jsonl")));
            Job stopped = jobs.submit(config("stopped", "local", 400));

            JobStatus end = waitUntil(remote, s -> !s.isActive() && s.state() != JobState.CREATED, 240);
            assertEquals(JobState.SUCCEEDED, end.state(), end.message() + "\n" + Files.readString(
                    workdir.resolve("jobs/remote/slurm-output.txt")));
            // the batch script writes its marker once the trainer's JVM has exited, just after status.json
            Path marker = workdir.resolve("jobs/remote/" + Job.CLUSTER_EXIT);
            waitUntil(remote, s -> Files.isRegularFile(marker), 60);
            assertEquals("0", Files.readString(marker).strip());
            assertEquals(List.of(2L, 4L), remote.checkpoints().stream().map(c -> c.step()).toList());

            JobStatus here = rt.jobs().start(config("here", null, 4)).await();
            assertEquals(JobState.SUCCEEDED, here.state(), here.message());
            List<StepMetrics> a = rt.workspace().job("here").metrics();
            List<StepMetrics> b = remote.metrics();
            assertEquals(4, b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).loss(), b.get(i).loss(), 1e-6, "loss at step " + a.get(i).step());
            }

            waitUntil(stopped, s -> s.state() == JobState.RUNNING && s.step() >= 1, 120);
            rt.jobs().stop("stopped");
            JobStatus stop = waitUntil(stopped, s -> !s.isActive() && s.state() != JobState.CREATED, 120);
            assertEquals(JobState.STOPPED, stop.state(), stop.message());
            assertFalse(stopped.checkpoints().isEmpty(), "a stopped job keeps a checkpoint");
            assertTrue(stopped.lastCheckpoint().orElseThrow().step() >= stop.step());
        }
    }

    @Test
    void aPreferenceJobTrainsOnTheNodeWithItsPairsAndLogsTheRewardMetrics(LocalSlurm.Cluster slurm) throws Exception {
        Path workdir = slurm.dir().resolve("shared-" + System.nanoTime());
        Path pairs = dev.jtune.trainer.preference.IntentPreferencePairs.build(INTENTS, INTENTS,
                local.resolve("intent-pairs.jsonl"), 7);
        try (JTuneRuntime rt = runtime()) {
            rt.datasets().load(pairs, "pairs", DatasetOptions.DEFAULT, 0);
            ClusterJobs jobs = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer());
            jobs.clusters().put(spec(slurm, "local", workdir, null));
            Job remote = jobs.submit(JobConfig.fromFlags(Map.of("name", "dpo-remote", "base", "tiny", "data", "pairs",
                    "stage", "dpo", "max-samples", "16", "batch-size", "4", "log-steps", "1", "max-steps", "2",
                    "cluster", "local")));
            JobStatus end = waitUntil(remote, s -> !s.isActive() && s.state() != JobState.CREATED, 240);
            assertEquals(JobState.SUCCEEDED, end.state(), end.message() + "\n" + Files.readString(
                    workdir.resolve("jobs/dpo-remote/slurm-output.txt")));
            List<StepMetrics> logged = remote.metrics();
            assertEquals(2, logged.size());
            assertTrue(logged.get(0).metrics().containsKey(dev.jtune.trainer.preference.PreferenceMetrics.ACCURACY),
                    "the node trained preference pairs: " + logged.get(0).metrics());
        }
    }

    @Test
    void aLlamaFactoryJobWhoseNodesLackItFailsWithItsExitStatus(LocalSlurm.Cluster slurm) throws Exception {
        Path workdir = slurm.dir().resolve("shared-" + System.nanoTime());
        try (JTuneRuntime rt = runtime()) {
            ClusterJobs jobs = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer());
            jobs.clusters().put(spec(slurm, "local", workdir, null));
            Map<String, String> f = new HashMap<>(Map.of("name", "lf", "base",
                    Path.of("src/test/fixtures/tiny-llama3").toAbsolutePath().toString(), "data", "intents",
                    "cluster", "local", "engine", "llamafactory", "max-steps", "2"));
            Job job = jobs.submit(JobConfig.fromFlags(f));
            for (String file : List.of("train.jsonl", "val.jsonl", "dataset_info.json", "llamafactory-sft.yaml",
                    "plan-unmapped.txt", "job.sbatch", "config.json")) {
                assertTrue(Files.isRegularFile(job.dir().resolve(file)), file);
            }
            ClusterJobFollower follower = new ClusterJobFollower(job, new dev.jtune.trainer.job.JobListener() { });
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!follower.poll() && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
            }
            JobStatus end = follower.status();
            assertEquals(JobState.FAILED, end.state());
            assertTrue(end.message().contains("llamafactory ended with exit status") && end.message()
                    .contains("%jobs logs lf"), end.message());
            assertTrue(Files.readString(job.dir().resolve("slurm-output.txt")).contains("llamafactory-cli"),
                    "Slurm's output says what was missing");
        }
    }

    @Test
    void refusalsLeaveNoJobFolderBehind(LocalSlurm.Cluster slurm) throws Exception {
        Path workdir = slurm.dir().resolve("shared-" + System.nanoTime());
        try (JTuneRuntime rt = runtime()) {
            ClusterJobs jobs = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer());
            jobs.clusters().put(spec(slurm, "nopart", workdir, "nosuch"));
            Path readOnly = Files.createDirectories(slurm.dir().resolve("readonly-" + System.nanoTime()));
            Files.createFile(readOnly.resolve("jobs"));  // a file where the jobs folder should be: not writable
            jobs.clusters().put(spec(slurm, "ro", readOnly, null));

            ClusterException part = assertThrows(ClusterException.class,
                    () -> jobs.submit(config("p", "nopart", 2)));
            assertTrue(part.getMessage().contains("nvalid partition"), part.getMessage());
            assertFalse(Files.exists(workdir.resolve("jobs/p")));
            ClusterException ro = assertThrows(ClusterException.class, () -> jobs.submit(config("r", "ro", 2)));
            assertTrue(ro.getMessage().contains("not writable") && ro.getMessage().contains("--workdir"),
                    ro.getMessage());
            ClusterException none = assertThrows(ClusterException.class,
                    () -> jobs.submit(config("n", "nowhere", 2)));
            assertTrue(none.getMessage().contains("%cluster add nowhere"), none.getMessage());
            try (var left = Files.list(local.resolve("jobs"))) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}
