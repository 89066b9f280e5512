package dev.jtune.magics.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jtune.magics.live.TrainingWatcher;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobState;

/** A session on the tiny model: load, count tokens, train a few steps while the watcher follows. */
class SessionSmokeTest {
    @Test
    void trainsTinyAFewStepsWhileTheWatcherFollows(@TempDir Path dir) throws Exception {
        Path datasets = Path.of(System.getProperty("jtune.datasets", "../notebooks/data"));
        try (Session session = Session.open(dir)) {
            CatalogEntry entry = session.datasets().load(datasets.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0.1);
            assertTrue(entry.train().size() > 300);
            var stats = session.stats().all(entry, "tiny", 1024);
            assertEquals(entry.dataset().examples().size(), stats.examples());
            assertTrue(stats.totalTokens() > stats.trainedTokens());
            JobConfig config = JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents", "max-steps", "4", "log-steps", "2",
                    "save-steps", "2", "batch-size", "8")).withName("smoke");
            TrainingWatcher watcher = new TrainingWatcher("smoke", config.epochs());
            JobHandle handle = session.jobs().start(config, watcher);
            assertTrue(handle.await(java.time.Duration.ofSeconds(120)), "4 steps of tiny finished within 120 s");
            assertEquals(JobState.SUCCEEDED, handle.status().state(), String.valueOf(handle.status().message()));
            assertEquals(2, watcher.metrics().size());
            assertEquals("succeeded", watcher.snapshot().status());
            assertFalse(handle.job().checkpoints().isEmpty());
            assertTrue(Files.isDirectory(dir.resolve("jtune-workspace/jobs/smoke")));
        }
    }
}
