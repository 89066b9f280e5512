package dev.jtune.trainer.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One damaged job or checkpoint is listed as damaged with its reason; it never hides the others nor gets overwritten. */
class DamagedJobsTest {

    @TempDir
    Path root;

    private static void replaceInFile(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void aDamagedConfigIsListedWithItsReasonBesideTheHealthyJobs() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("good")).await();
        rig.manager.start(JobRig.config("broken")).await();
        replaceInFile(root.resolve("jobs/broken/config.json"), "\"lr\" : 0.05", "\"lr\" : \"fast\"");

        List<JobSummary> summaries = Workspace.open(root).jobs().stream().map(Job::summary).toList();
        assertEquals(List.of("good", "broken"), summaries.stream().map(JobSummary::name).toList());
        assertNull(summaries.get(0).damage());
        String damage = summaries.get(1).damage();
        assertTrue(damage != null && damage.contains("config.json") && damage.contains("lr")
                && damage.contains("fast"), damage);
        assertEquals(12, summaries.get(1).step(), "progress still comes from status.json");
    }

    @Test
    void aCheckpointWithADamagedTrainerStateIsListedAsDamaged() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("ck")).await();
        Files.writeString(root.resolve("jobs/ck/checkpoint-12/trainer_state.json"), "{\"step\": ");
        Job job = rig.workspace.job("ck");
        assertEquals(List.of(5L, 10L), job.checkpoints().stream().map(Checkpoint::step).toList());
        List<DamagedCheckpoint> damaged = job.damagedCheckpoints();
        assertEquals(1, damaged.size());
        assertEquals(12, damaged.get(0).step());
        assertTrue(damaged.get(0).reason().contains("trainer_state.json"), damaged.get(0).reason());
    }

    @Test
    void resumeOfTheLastCheckpointRefusesWhenItIsDamagedAndNeverOverwritesIt() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("ck")).await();
        Path damagedDir = root.resolve("jobs/ck/checkpoint-10");
        Files.writeString(damagedDir.resolve("trainer_state.json"), "garbage");
        Files.delete(root.resolve("jobs/ck/checkpoint-12").resolve("trainer_state.json"));
        byte[] weights = Files.readAllBytes(damagedDir.resolve("fake.json"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rig.manager.resume("ck", Map.of()));
        assertTrue(e.getMessage().contains("checkpoint 12") && e.getMessage().contains("damaged")
                && e.getMessage().contains("--resume ck:5"), e.getMessage());

        JobStatus s = rig.manager.resume("ck:5", Map.of()).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        assertTrue(Files.isRegularFile(root.resolve("jobs/ck/checkpoint-10/trainer_state.json")));
        List<Path> kept;
        try (var files = Files.walk(root.resolve("jobs/ck/" + TrainingRun.REPLACED))) {
            kept = files.filter(p -> p.getFileName().toString().equals("fake.json")).toList();
        }
        assertTrue(kept.stream().anyMatch(p -> {
            try {
                return java.util.Arrays.equals(weights, Files.readAllBytes(p));
            } catch (java.io.IOException io) {
                return false;
            }
        }), "the damaged checkpoint's weights are kept: " + kept);
    }

    @Test
    void aJobWhoseCheckpointsAreAllDamagedSaysSo() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("all", "save-steps", "0")).await();
        Files.writeString(root.resolve("jobs/all/checkpoint-12/trainer_state.json"), "[");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rig.workspace.job("all").checkpoint("last"));
        assertTrue(e.getMessage().contains("checkpoint 12 of job all is damaged")
                && e.getMessage().contains("no intact checkpoint"), e.getMessage());
    }

    @Test
    void aCheckpointThatCannotBeLoadedIsNotCalledIntact() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("w")).await();
        Files.writeString(root.resolve("jobs/w/checkpoint-12/fake.json"), "{not json");
        JobStatus s = rig.manager.resume("w", Map.of()).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().contains("checkpoint 12"), s.message());
        assertFalse(s.message().contains("checkpoint 12 is intact"), s.message());
        assertTrue(s.message().contains("checkpoint 10 is intact"), s.message());
        assertEquals(10L, s.lastCheckpoint());
    }

    @Test
    void stopWorksForAJobThatAnotherProcessOnTheWorkspaceTrains() throws Exception {
        JobRig trainer = new JobRig(root);
        trainer.knobs.gate = new java.util.concurrent.CountDownLatch(1);
        JobHandle handle = trainer.manager.start(JobRig.config("far", "max-steps", "1000", "save-steps", "0"));
        JobRig otherKernel = new JobRig(root);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (trainer.knobs.calls < 1 && System.nanoTime() < deadline) {  // inside its first step
            Thread.sleep(10);
        }
        Job stopped = otherKernel.manager.stop("far");
        assertEquals("far", stopped.name());
        trainer.knobs.gate.countDown();
        assertTrue(handle.await(java.time.Duration.ofSeconds(30)), "the job did not stop");
        JobStatus s = handle.status();
        assertEquals(JobState.STOPPED, s.state(), s.message());
        assertTrue(s.step() < 1000, "stopped at " + s.step());
        assertEquals(List.of(s.step()), handle.job().checkpoints().stream().map(Checkpoint::step).toList());
        JobStatus resumed = trainer.manager.resume("far", Map.of("max-steps", Long.toString(s.step() + 2))).await();
        assertEquals(JobState.SUCCEEDED, resumed.state(), "an old stop request must not stop the resumed run");
    }
}
