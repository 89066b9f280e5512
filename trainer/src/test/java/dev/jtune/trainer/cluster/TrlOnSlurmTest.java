package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.HfCheckpoints;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobListener;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.testing.TestData;
import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --engine trl} for real: TRL 1.13 under {@code accelerate launch --num_processes 2} on a CPU node (two gloo ranks)
 * in a Slurm job, followed through its checkpoints' trainer_state.json, and the PEFT adapter it wrote answers a
 * chat. The Python environment (trl 1.13, transformers, peft, accelerate, torch 2.13.0 CPU) is installed from the
 * pip index this machine is configured with into target/trl-venv once, and reused by later runs.
 */
@ExtendWith(LocalSlurm.class)
class TrlOnSlurmTest {

    private static final Path VENV = Path.of("target/trl-venv").toAbsolutePath();
    private static final Path TINY_LLAMA = Path.of("src/test/fixtures/tiny-llama3").toAbsolutePath();

    @TempDir
    Path local;

    /** The venv with TRL, made on first use; a half-made one (no .complete marker) is made again. */
    static Path venv() throws Exception {
        Path done = VENV.resolve(".complete");
        if (Files.isRegularFile(done)) {
            return VENV;
        }
        String script = "rm -rf '" + VENV + "' && /usr/bin/python3 -m venv '" + VENV + "' && '" + VENV
                + "/bin/pip' install -q --index-url file:///opt/pypi/simple trl==1.13.0 'torch==2.13.0' "
                + "transformers peft accelerate datasets";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(VENV.getParent()).resolve("trl-venv.log").toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("installing TRL into " + VENV + " took over 600 s");
        }
        assertEquals(0, p.exitValue(), "pip install failed: " + Files.readString(VENV.getParent()
                .resolve("trl-venv.log")));
        Files.writeString(done, "trl 1.13.0, torch 2.13.0\n");
        return VENV;
    }

    @Test
    void trlTrainsAcrossTwoRanksUnderSlurmAndItsAdapterChats(LocalSlurm.Cluster slurm) throws Exception {
        Path venv = venv();
        Path workdir = slurm.dir().resolve("shared-trl");
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0.1);
        try (JTuneRuntime rt = JTuneRuntime.open(local, catalog, Device.cpu())) {
            ClusterJobs jobs = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer());
            jobs.clusters().put(new ClusterSpec("local", ClusterSpec.SLURM, null, null, workdir.toString(), null, null,
                    null, null, null, null, null, null, slurm.slurmConf(), venv.toString()));
            Map<String, String> flags = new java.util.HashMap<>(Map.of("name", "trl-job", "base",
                    TINY_LLAMA.toString(), "data", "intents", "cluster", "local", "engine", "trl", "max-steps", "4",
                    "save-steps", "2", "batch-size", "2", "max-seq-len", "64"));
            flags.putAll(Map.of("log-steps", "1", "max-samples", "16"));
            Job job = jobs.submit(JobConfig.fromFlags(flags));
            assertTrue(Files.readString(job.dir().resolve("job.sbatch")).contains("--num_processes $((SLURM_NNODES * 2))"));

            ClusterJobFollower follower = new ClusterJobFollower(job, new JobListener() { });
            Instant deadline = Instant.now().plus(Duration.ofSeconds(420));
            while (!follower.poll() && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
            }
            String log = Files.readString(job.dir().resolve("slurm-output.txt"));
            JobStatus end = follower.status();
            assertEquals(JobState.SUCCEEDED, end.state(), end.message() + "\n" + log);
            Thread.sleep(20);  // a later look must not move the end it recorded
            ExternalJobSync.sync(job);
            assertEquals(end.finishedAt(), job.status().finishedAt(), "the end time is recorded once");
            assertTrue(log.contains("Training completed"), log);
            List<Path> checkpoints = HfCheckpoints.complete(job.dir().resolve("output"));
            assertEquals(List.of(2L, 4L), checkpoints.stream().map(HfCheckpoints::step).toList());
            assertFalse(job.metrics().isEmpty(), "the loss came from trainer_state.json's log_history");
            var last = job.metrics().get(job.metrics().size() - 1);
            assertEquals(4, last.step());
            // 16 examples, 2 per rank: with two ranks 4 steps are one epoch (one rank would be at 0.5)
            assertEquals(1.0, last.epoch(), 1e-6, "two ranks shared the batches");

            assertEquals(List.of(2L, 4L), job.checkpoints().stream().map(c -> c.step()).toList(),
                    "the job lists the engine's complete checkpoints, so JOB:STEP names them");
            String reply = rt.chat("trl-job:4", List.of(new ChatMessage("user", "my card was stolen")),
                    SamplingParams.greedy(4, java.util.Set.of()), t -> { }).text();
            assertFalse(reply.isEmpty(), "the PEFT adapter TRL wrote answers");
        }
    }
}
