package dev.jtune.trainer.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobManagerTest {

    @TempDir
    Path root;

    private static List<Double> losses(Job job) {
        return job.metrics().stream().map(StepMetrics::loss).toList();
    }

    private static List<Double> lrs(Job job) {
        return job.metrics().stream().map(StepMetrics::lr).toList();
    }

    @Test
    void workspaceLayoutAfterARun() throws Exception {
        JobRig rig = new JobRig(root);
        JobStatus end = rig.manager.start(JobRig.config("a")).await();
        assertEquals(JobState.SUCCEEDED, end.state(), end.message());
        Path dir = root.resolve("jobs/a");
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
        assertTrue(Files.isRegularFile(dir.resolve("status.json")));
        assertTrue(Files.isRegularFile(dir.resolve("events.jsonl")));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint-12/trainer_state.json")));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint-12/fake.json")));
        Job job = rig.workspace.job("a");
        assertEquals(12, job.metrics().size());
        assertEquals(12, end.step());
        assertEquals(12, end.totalSteps());
        assertEquals(List.of(5L, 10L, 12L), job.checkpoints().stream().map(Checkpoint::step).toList());
        assertFalse(job.evaluations().isEmpty());
        TrainerState st = TrainerState.read(dir.resolve("checkpoint-12"));
        assertEquals(12, st.step());
        assertEquals(JobConfig.read(dir.resolve("config.json")), job.config());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void autoNamesAreFreeAndValid() throws Exception {
        JobRig rig = new JobRig(root);
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "fake", "max-steps", "1"));
        JobHandle h1 = rig.manager.start(c);
        h1.await();
        JobHandle h2 = rig.manager.start(c);
        h2.await();
        assertNotEquals(h1.name(), h2.name());
        assertTrue(Names.isValid(h1.name()) && Names.isValid(h2.name()));
    }

    @Test
    void resumeGivesTheSameLossCurveAsAnUninterruptedRun() throws Exception {
        JobRig rig = new JobRig(root);
        // log window and eval points straddle the stop at step 6, across an epoch boundary
        JobStatus full = rig.manager.start(JobRig.config("full", "log-steps", "4", "eval-steps", "3")).await();
        assertEquals(JobState.SUCCEEDED, full.state());

        JobListener stopAtSix = new JobListener() {
            @Override
            public void progress(String job, long step, long total, double loss) {
                if (step == 6) {
                    rig.manager.stop(job);
                }
            }
        };
        JobStatus stopped = rig.manager.start(JobRig.config("split", "log-steps", "4", "eval-steps", "3"), stopAtSix).await();
        assertEquals(JobState.STOPPED, stopped.state());
        assertEquals(6, stopped.step());
        assertTrue(Files.isRegularFile(root.resolve("jobs/split/checkpoint-6/trainer_state.json")));
        assertEquals(6L, stopped.lastCheckpoint());

        JobStatus resumed = rig.manager.resume("split", Map.of()).await();
        assertEquals(JobState.SUCCEEDED, resumed.state(), resumed.message());
        assertEquals(Boolean.TRUE, rig.knobs.lastRestoreWithOptimizer);
        Job a = rig.workspace.job("full");
        Job b = rig.workspace.job("split");
        assertEquals(3, losses(b).size());
        assertEquals(losses(a), losses(b));
        assertEquals(lrs(a), lrs(b));
        assertEquals(a.evaluations().stream().map(EvalMetrics::valLoss).toList(),
                b.evaluations().stream().map(EvalMetrics::valLoss).toList());
    }

    @Test
    void sameSeedSameCurveOtherSeedOtherCurve() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("s1")).await();
        rig.manager.start(JobRig.config("s2")).await();
        rig.manager.start(JobRig.config("s3", "seed", "7")).await();
        assertEquals(losses(rig.workspace.job("s1")), losses(rig.workspace.job("s2")));
        assertNotEquals(losses(rig.workspace.job("s1")), losses(rig.workspace.job("s3")));
    }

    @Test
    void earlyStoppingEndsWhenValidationLossStopsImproving() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.valTarget = 5.0;  // training pulls the weight away from 5: validation loss rises
        JobStatus s = rig.manager.start(JobRig.config("early", "eval-steps", "1", "early-stop-patience", "2",
                "max-steps", "30")).await();
        assertEquals(JobState.SUCCEEDED, s.state());
        assertTrue(s.message().startsWith("stopped early at step 3"), s.message());
        assertEquals(3, s.step());
        assertTrue(Files.isDirectory(root.resolve("jobs/early/checkpoint-3")));
    }

    @Test
    void earlyStoppingOnTrainingLoss() throws Exception {
        JobRig rig = new JobRig(root);
        JobStatus s = rig.manager.start(JobRig.config("early-train", "early-stop-metric", "train_loss",
                "early-stop-patience", "1", "early-stop-delta", "100", "max-steps", "30")).await();
        assertTrue(s.message().startsWith("stopped early at step 2"), s.message());
    }

    @Test
    void saveLimitKeepsNewestAndBest() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.valTarget = 5.0;  // the first evaluation is the best
        JobStatus s = rig.manager.start(JobRig.config("limit", "save-steps", "2", "save-limit", "2")).await();
        assertEquals(JobState.SUCCEEDED, s.state());
        Job job = rig.workspace.job("limit");
        assertEquals(List.of(2L, 10L, 12L), job.checkpoints().stream().map(Checkpoint::step).toList());
        assertEquals(2L, job.bestCheckpoint().orElseThrow().step());
        assertEquals(12L, job.lastCheckpoint().orElseThrow().step());
    }

    @Test
    void restartListsARunningJobWhoseJvmIsGoneAsInterrupted() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("crash")).await();
        Job job = rig.workspace.job("crash");
        // as if the JVM died mid-run: status says running, owned by a process that no longer exists
        job.writeStatus(new JobStatus(JobState.RUNNING, null, 11, 12, 10L, Long.MAX_VALUE - 1, null, null,
                JobStatus.now(), null));
        Workspace reopened = Workspace.open(root);
        JobStatus s = reopened.job("crash").status();
        assertEquals(JobState.INTERRUPTED, s.state());
        assertTrue(s.message().contains("checkpoint 12"), s.message());
        assertEquals(JobState.INTERRUPTED, reopened.jobs().get(0).status().state());
        JobStatus resumed = rig.manager.resume("crash:10", Map.of()).await();
        assertEquals(JobState.SUCCEEDED, resumed.state());
    }

    @Test
    void nanLossFailsWithAMessageAndKeepsEarlierCheckpoints() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.nanAtCall = 7;
        JobStatus s = rig.manager.start(JobRig.config("nan")).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().startsWith("the loss became NaN at step 7: lower --lr (now 0.05)"), s.message());
        assertTrue(s.message().contains("checkpoint 5 is intact"), s.message());
        Job job = rig.workspace.job("nan");
        assertEquals(List.of(5L), job.checkpoints().stream().map(Checkpoint::step).toList());
        assertEquals(5, TrainerState.read(job.dir().resolve("checkpoint-5")).step());
        assertTrue(Files.isRegularFile(job.dir().resolve("error.log")));
        assertEquals(JobState.FAILED, Workspace.open(root).job("nan").status().state());
    }

    @Test
    void outOfMemorySaysWhichFlagsToLower() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.oomAtCall = 2;
        JobStatus s = rig.manager.start(JobRig.config("oom")).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().contains("ran out of memory at step 1"), s.message());
        assertTrue(s.message().contains("--batch-size") && s.message().contains("--max-seq-len")
                && s.message().contains("--lora-r"), s.message());
    }

    @Test
    void aBatchThatCannotFitEvenWithRecomputeFailsTheJobNamingWhatToLowerAndKeepsItsCheckpoints() throws Exception {
        JobRig rig = new JobRig(root);
        // The engine's own planner refuses the batch, with 1 GiB free.
        var qwen = dev.jtune.trainer.bench.ModelPresets.resolve("qwen2.5-0.5b");
        rig.knobs.failure = () -> {
            new dev.jtune.trainer.engine.RecomputePlanner(dev.jtune.trainer.engine.GradCheckpointing.AUTO, qwen, 4,
                    16, () -> 1L << 30).decide(8, 4096);
            throw new AssertionError("the planner let 8 x 4096 tokens through with 1 GiB free");
        };
        rig.knobs.failAtCall = 7;
        JobStatus s = rig.manager.start(JobRig.config("toobig")).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().startsWith("step 7 did not run: a batch of 8 x 4096 tokens needs about "), s.message());
        assertTrue(s.message().contains("even with activation recompute") && s.message().contains("--max-seq-len")
                && s.message().contains("batch size"), s.message());
        assertTrue(s.message().contains("checkpoint 5 is intact: continue from it with --resume toobig:5"),
                s.message());
        assertEquals(List.of(5L), rig.workspace.job("toobig").checkpoints().stream().map(Checkpoint::step).toList());
    }

    @Test
    void badCheckpointOnResumeFails() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("bad")).await();
        Files.writeString(root.resolve("jobs/bad/checkpoint-10/fake.json"), "{not json");
        JobStatus s = rig.manager.resume("bad:10", Map.of()).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().startsWith("checkpoint "), s.message());
        assertTrue(s.message().contains("cannot be loaded"), s.message());
        assertTrue(Files.isRegularFile(root.resolve("jobs/bad/checkpoint-12/fake.json")));
    }

    @Test
    void secondJobQueuesWhileTheFirstTrainsAndDeleteRefusesThem() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.gate = new CountDownLatch(1);
        JobHandle first = rig.manager.start(JobRig.config("first"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (first.status().state() != JobState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        JobHandle second = rig.manager.start(JobRig.config("second"));
        Thread.sleep(100);
        assertEquals(JobState.RUNNING, first.status().state());
        assertEquals(JobState.QUEUED, second.status().state());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rig.manager.delete("first"));
        assertTrue(e.getMessage().contains("stop it first"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rig.manager.delete("second"));
        rig.knobs.gate.countDown();
        rig.knobs.gate = null;
        assertEquals(JobState.SUCCEEDED, first.await().state());
        assertEquals(JobState.SUCCEEDED, second.await().state());
        rig.manager.delete("first");
        assertFalse(Files.exists(root.resolve("jobs/first")));
        assertTrue(rig.workspace.findJob("first").isEmpty());
    }

    @Test
    void stoppingAQueuedJobEndsItWithoutTraining() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.gate = new CountDownLatch(1);
        JobHandle first = rig.manager.start(JobRig.config("busy"));
        JobHandle second = rig.manager.start(JobRig.config("waiting"));
        Thread.sleep(100);
        second.stop();
        assertTrue(second.await(Duration.ofSeconds(10)));
        assertEquals(JobState.STOPPED, second.status().state());
        rig.knobs.gate.countDown();
        first.await();
    }

    @Test
    void copyMakesANewJobWithOverridesThatCanStart() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("orig")).await();
        Job copy = rig.manager.copy("orig", "orig-2", Map.of("lr", "0.01", "max-steps", "4"));
        assertEquals(JobState.CREATED, copy.status().state());
        assertEquals(0.01, copy.config().lr());
        assertEquals("orig-2", copy.config().name());
        assertEquals(rig.workspace.job("orig").config().gradAccum(), copy.config().gradAccum());
        assertThrows(IllegalArgumentException.class, () -> rig.manager.copy("orig", "orig-2", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> rig.manager.copy("orig", "../x", Map.of()));
        JobStatus s = rig.manager.start("orig-2").await();
        assertEquals(JobState.SUCCEEDED, s.state());
        assertEquals(4, s.step());
    }

    @Test
    void initFromStartsANewJobFromWeightsOnly() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("stage1")).await();
        JobConfig next = JobConfig.fromFlags(Map.of("data", "fake", "name", "stage2", "init-from", "stage1",
                "max-steps", "3", "log-steps", "1"));
        JobStatus s = rig.manager.start(next).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        assertEquals(Boolean.FALSE, rig.knobs.lastRestoreWithOptimizer);
        assertEquals("tiny", rig.workspace.job("stage2").config().base());
        assertEquals(1, rig.workspace.job("stage2").metrics().get(0).step());
    }

    @Test
    void existingNameIsRefused() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("dup")).await();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rig.manager.start(JobRig.config("dup")));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }

    @Test
    void fullDiskFailsTheJobAndLeavesNoHalfCheckpoint() throws Exception {
        JobRig rig = new JobRig(root);
        rig.knobs.diskFullAtSave = 2;
        JobStatus s = rig.manager.start(JobRig.config("disk")).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().startsWith("the disk is full (at step 10)"), s.message());
        assertTrue(s.message().contains("--save-limit"), s.message());
        try (var files = Files.list(root.resolve("jobs/disk"))) {
            assertEquals(List.of("checkpoint-5"), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("checkpoint")).toList());
        }
        assertEquals(5L, s.lastCheckpoint());
    }

    @Test
    void summaryAndListingOrder() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("zeta")).await();
        rig.manager.start(JobRig.config("alpha")).await();
        assertEquals(List.of("zeta", "alpha"), rig.workspace.jobs().stream().map(Job::name).toList());
        JobSummary sum = rig.workspace.job("zeta").summary();
        assertEquals(JobState.SUCCEEDED, sum.state());
        assertEquals(1.0, sum.progress());
        assertEquals("tiny", sum.base());
        assertEquals(rig.workspace.job("zeta").metrics().get(11).tokens(), sum.tokens());
        assertTrue(sum.bestValLoss() != null);
    }

    @Test
    void finetuneWithResumeContinuesTheJobWithTheNewFlags() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("grow")).await();
        JobConfig more = JobConfig.fromFlags(Map.of("resume", "grow", "max-steps", "15"));
        JobStatus s = rig.manager.start(more).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        assertEquals(15, s.step());
        assertEquals(15, rig.workspace.job("grow").config().maxSteps());
        assertEquals(0.05, rig.workspace.job("grow").config().lr());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L),
                rig.workspace.job("grow").metrics().stream().map(StepMetrics::step).toList());
    }
}
