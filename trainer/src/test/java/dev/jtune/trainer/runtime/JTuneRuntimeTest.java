package dev.jtune.trainer.runtime;

import dev.jtune.trainer.testing.TestData;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.generate.LanguageModel;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.job.Checkpoint;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;
import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.publish.PublishedModel;
import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real short jobs on the built-in tiny model through the wired runtime: train, resume after a restart, publish, chat, eval. */
class JTuneRuntimeTest {

    private static final Path DATASETS = TestData.datasets();

    @TempDir
    Path workspace;

    private static Map<String, String> flags(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final String[] SHORT_JOB = {"base", "tiny", "data", "intents", "max-samples", "48",
        "batch-size", "4", "lr", "1e-3", "scheduler", "constant", "log-steps", "1", "save-steps", "2",
        "val-ratio", "0.1", "seed", "7", "lora-r", "4", "lora-alpha", "8", "lora-dropout", "0.1"};

    private static JobConfig config(String name, int maxSteps) {
        Map<String, String> f = flags(SHORT_JOB);
        f.put("name", name);
        f.put("max-steps", Integer.toString(maxSteps));
        return JobConfig.fromFlags(f);
    }

    private static double lossAt(Job job, long step) {
        for (StepMetrics m : job.metrics()) {
            if (m.step() == step) {
                return m.loss();
            }
        }
        throw new AssertionError("no step " + step + " in " + job.metrics());
    }

    @Test
    void trainResumeAfterRestartPublishChatAndEvaluate() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(DATASETS.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            Path saved = rt.saveDataset("intents");
            assertTrue(Files.size(saved) > 0);
            JobStatus whole = rt.jobs().start(config("whole", 4)).await();
            assertEquals(JobState.SUCCEEDED, whole.state(), whole.message());
            JobStatus half = rt.jobs().start(config("half", 2)).await();
            assertEquals(JobState.SUCCEEDED, half.state(), half.message());
            assertTrue(Files.isDirectory(rt.workspace().job("half").dir().resolve(Checkpoint.folderName(2))));
        }
        // a restarted kernel: the session's catalog is empty, the job finds its data in the workspace
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, new DatasetCatalog(), Device.cpu())) {
            JobStatus resumed = rt.jobs().resume("half", Map.of("max-steps", "4")).await();
            assertEquals(JobState.SUCCEEDED, resumed.state(), resumed.message());
            Job whole = rt.workspace().job("whole");
            Job half = rt.workspace().job("half");
            for (long step = 1; step <= 4; step++) {
                assertEquals(lossAt(whole, step), lossAt(half, step), 1e-5, "loss at step " + step);
            }

            PublishedModel published = rt.publish(PublishRequest.of("half").withCheckpoint("last").withName("half-merged"));
            ResolvedModel checkpoint = rt.resolver().resolve("half");
            assertTrue(checkpoint.hasCheckpoint());
            Batch batch = oneBatch(rt, checkpoint.baseFolder());
            try (LanguageModel merged = LanguageModel.load(published.path(), null, Device.cpu());
                 LanguageModel adapted = LanguageModel.load(checkpoint.baseFolder(), checkpoint.checkpoint(),
                         Device.cpu())) {
                float[] a = logits(merged, batch);
                float[] b = logits(adapted, batch);
                assertArrayEquals(b, a, 1e-4f);
            }

            List<String> pieces = new ArrayList<>();
            ChatReply reply = rt.chat("half-merged", List.of(new ChatMessage("user", "I lost my card")),
                    SamplingParams.greedy(5, java.util.Set.of()), pieces::add);
            assertEquals(reply.text(), String.join("", pieces));
            assertTrue(reply.tokens() <= 5);
            assertEquals(reply.text(), rt.generator("half", 5).generate(
                    List.of(new ChatMessage("user", "I lost my card"))), "merged and adapter models answer alike");

            int[] progress = new int[1];
            EvalReport report = rt.evaluate("half", DATASETS.resolve("intents-test.jsonl").toString(),
                    EvalMetric.EXACT, 3, (m, done, total) -> progress[0] = done);
            assertEquals(3, report.total());
            assertEquals(3, progress[0]);
        }
    }

    @Test
    void unknownDataIsASentenceThatNamesTheFlag() throws Exception {
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, new DatasetCatalog(), Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.examples("no-such-data"));
            assertTrue(e.getMessage().contains("--data no-such-data"), e.getMessage());
            assertTrue(e.getMessage().contains("%dataset load"), e.getMessage());
            assertFalse(rt.datasetStore().find("no-such-data").isPresent());
        }
    }

    @Test
    void aJobOnUnknownDataIsRefusedBeforeItsFolderIsWritten() throws Exception {
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, new DatasetCatalog(), Device.cpu())) {
            Map<String, String> f = flags(SHORT_JOB);
            f.put("name", "typo");
            f.put("data", "intnets");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.jobs().start(JobConfig.fromFlags(f)));
            assertTrue(e.getMessage().contains("--data intnets"), e.getMessage());
            assertFalse(java.nio.file.Files.exists(rt.workspace().jobsDir().resolve("typo")));
        }
    }

    private static Batch oneBatch(JTuneRuntime rt, Path base) {
        var examples = rt.examples(DATASETS.resolve("intents-test.jsonl").toString()).subList(0, 2);
        var set = dev.jtune.trainer.data.batch.TrainingSet.build(examples,
                dev.jtune.trainer.text.ChatEncoder.load(base), dev.jtune.trainer.data.batch.SequenceOptions.of(256, false, 0));
        return set.inOrder(2).get(0);
    }

    private static float[] logits(LanguageModel model, Batch b) {
        try (GradMode noGrad = GradMode.disabled(); NDManager m = model.model().weights().manager().newSubManager()) {
            NDArray h = model.model().hidden(m, b.inputIds(), b.positionIds(), b.segmentIds(), null, false);
            return model.model().logits(h).toFloatArray();
        }
    }
}
