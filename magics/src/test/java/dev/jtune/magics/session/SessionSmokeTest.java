package dev.jtune.magics.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jtune.magics.live.TrainingWatcher;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.text.ChatMessage;

/** The whole wiring on the tiny model: load, train a few steps, checkpoint, chat with the job. */
class SessionSmokeTest {
    @Test
    void trainsTinyAFewStepsAndChatsWithTheJob(@TempDir Path dir) throws Exception {
        Path datasets = Path.of(System.getProperty("jtune.datasets", "../../shared/datasets"));
        try (Session session = Session.open(dir, new DefaultTrainerWiring())) {
            CatalogEntry entry = session.datasets().load(datasets.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0.1);
            assertTrue(entry.train().size() > 300);
            var stats = session.stats().all(entry, "tiny", 1024);
            assertTrue(stats.totalTokens() > 0);
            JobConfig config = JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents", "max-steps", "4", "log-steps", "2",
                    "save-steps", "2", "batch-size", "8")).withName("smoke");
            TrainingWatcher watcher = new TrainingWatcher("smoke", config.epochs());
            JobHandle handle = session.jobs().start(config, watcher);
            long t0 = System.nanoTime();
            JobState state = handle.await().state();
            System.out.println("4 steps took " + (System.nanoTime() - t0) / 1e9 + " s; " + watcher.snapshot());
            assertEquals(JobState.SUCCEEDED, state, String.valueOf(handle.status().message()));
            assertFalse(watcher.metrics().isEmpty());
            assertFalse(handle.job().checkpoints().isEmpty());
            ChatModel model = session.chatModels().get("smoke");
            var answer = model.answer(List.of(new ChatMessage("user", "My card was stolen")), 8, 0, 1, piece -> { }, () -> false);
            System.out.println("answer: " + answer);
            assertTrue(answer.tokens() > 0);
            assertTrue(Files.isDirectory(dir.resolve("jtune-workspace/jobs/smoke")));
        }
    }
}
