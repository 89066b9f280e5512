package dev.jtune.trainer.publish;

import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobManager;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reference names one thing: models and jobs never share a name, and two publishes to one name never mix. */
class PublishNamesTest {

    @TempDir
    Path root;

    private JobTestSupport rig;
    private Publisher publisher;

    @BeforeEach
    void trainAJob() throws Exception {
        rig = new JobTestSupport(root);
        assertEquals(JobState.SUCCEEDED, rig.manager().start(JobTestSupport.config("run")).await().state());
        publisher = new Publisher(rig.workspace(), rig.resolver(), rig.merger());
    }

    @Test
    void aModelMayNotTakeABuiltInModelsOrAJobsName() {
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(PublishRequest.of("run").withName("tiny")));
        assertTrue(tiny.getMessage().contains("built-in tiny model"), tiny.getMessage());
        IllegalArgumentException job = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(PublishRequest.of("run").withName("run")));
        assertTrue(job.getMessage().contains("name of a job"), job.getMessage());
        assertFalse(Files.exists(root.resolve("models/tiny")));
        assertFalse(Files.exists(root.resolve("models/run")));
    }

    @Test
    void theDefaultNameIsFreeOfTheJobsName() throws Exception {
        PublishedModel m = publisher.publish(PublishRequest.of("run"));
        assertEquals(PublishRequest.defaultName("run"), m.name());
        assertTrue(Files.isDirectory(root.resolve("models").resolve(m.name())));
    }

    @Test
    void aJobMayNotTakeAPublishedModelsName() throws Exception {
        publisher.publish(PublishRequest.of("run").withName("bot"));
        JobManager jobs = rig.manager();
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> jobs.start(JobTestSupport.config("bot")));
        assertTrue(start.getMessage().contains("published model"), start.getMessage());
        IllegalArgumentException copy = assertThrows(IllegalArgumentException.class,
                () -> jobs.copy("run", "bot", Map.of()));
        assertTrue(copy.getMessage().contains("published model"), copy.getMessage());
        assertThrows(IllegalArgumentException.class, () -> jobs.start(JobTestSupport.config("tiny")));
        assertFalse(Files.exists(root.resolve("jobs/bot")));
    }

    @Test
    void twoConcurrentPublishesToOneName_oneWinsTheOtherGetsASentence() throws Exception {
        rig.holdMergesUntil(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PublishedModel>> runs = new ArrayList<>();
            for (String step : List.of("5", "10")) {
                runs.add(pool.submit(() -> publisher.publish(PublishRequest.of("run").withCheckpoint(step)
                        .withName("shared"))));
            }
            int won = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<PublishedModel> run : runs) {
                try {
                    run.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    refusals.add(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
                }
            }
            assertEquals(1, won, "refusals: " + refusals);
            assertEquals(1, refusals.size());
            assertTrue(refusals.get(0).startsWith("IllegalArgumentException: a model named 'shared' was published by "
                    + "another publish"), refusals.get(0));
        } finally {
            pool.shutdownNow();
        }
        String merged = Files.readString(root.resolve("models/shared/model.safetensors"));
        assertTrue(merged.startsWith("merged "), merged);
        try (var s = Files.list(root.resolve("models"))) {
            assertEquals(List.of("shared"), s.map(p -> p.getFileName().toString()).toList(), "no temp folder left");
        }
    }
}
