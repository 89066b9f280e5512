package dev.jtune.trainer.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.EvalSplit;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.generate.GenerationResult;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.io.CheckpointTensors;
import dev.jtune.trainer.job.Checkpoint;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.WeightLayout;
import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.publish.PublishedModel;
import dev.jtune.trainer.testing.Fixture;
import dev.jtune.trainer.testing.TestData;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.EncodedExample;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a notebook does with each family, through the runtime the magics call: a LoRA job on a fixture, %publish of
 * its checkpoint (a HuggingFace folder with the checkpoint's tensor names, config, tokenizer and template, whose
 * logits are the base's with the adapter), %dataset show --model (the dataset encoded with the published model's
 * template), %chat and %eval on the published model.
 */
class FamilyWorkflowTest {

    @TempDir
    Path workspace;

    static Stream<Fixture> fixtures() {
        return Fixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void trainsPublishesShowsChatsAndEvaluates(Fixture f) throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobStatus s = rt.jobs().start(JobConfig.fromFlags(Map.of("base", f.dir().toString(), "data", "intents",
                    "name", "j", "max-steps", "2", "max-samples", "8", "batch-size", "4", "lr", "1e-2",
                    "scheduler", "constant", "max-seq-len", "256"))).await();
            assertEquals(JobState.SUCCEEDED, s.state(), s.message());
            Checkpoint checkpoint = rt.workspace().job("j").checkpoint("last");
            PublishedModel published = rt.publish(PublishRequest.of("j").withCheckpoint("last").withName("m"));
            Path dir = published.path();

            ModelConfig base = ModelConfig.load(f.dir().resolve("config.json"));
            ModelConfig config = ModelConfig.load(dir.resolve("config.json"));
            assertEquals(base.raw(), config.raw(), "the published config is the base's");
            try (CheckpointTensors tensors = CheckpointTensors.open(dir)) {
                assertEquals(WeightLayout.expected(config).keySet(), tensors.tensors().keySet());
            }
            for (String file : List.of("tokenizer.json", "README.md")) {
                assertTrue(Files.isRegularFile(dir.resolve(file)), file);
            }
            assertMergedLogitsMatchTheAdapter(f, checkpoint.path(), dir);

            // %dataset show --model: the dataset encodes with the published model's template
            try (ChatEncoder encoder = ChatEncoder.load(dir)) {
                Example first = rt.examples("intents").get(0);
                EncodedExample encoded = encoder.encode(first.messages());
                assertTrue(encoded.trainedTokens() > 0, "the answer is trained");
            }
            // %chat
            ChatReply reply = rt.chat("m", List.of(new ChatMessage("user", "I lost my card")),
                    SamplingParams.greedy(4, Set.of()), text -> { });
            // random weights: the reply may end at a stop token before the 4 allowed
            assertTrue(reply.tokens() == 4 || reply.stopReason() == GenerationResult.StopReason.EOS,
                    reply.tokens() + " tokens, stopped by " + reply.stopReason());
            // %eval
            EvalReport report = rt.evaluate("m", rt.evalSet("intents", EvalSplit.ALL),
                    List.of(EvalMetric.EXACT, EvalMetric.LOSS), 2, Evaluator.Progress.NONE);
            assertEquals(2, report.total());
            assertTrue(report.loss() != null && Double.isFinite(report.loss()), "loss " + report.loss());
        }
    }

    /** The published weights give the logits of the base with the job's adapter (the fixture's conversation). */
    private static void assertMergedLogitsMatchTheAdapter(Fixture f, Path checkpoint, Path published)
            throws Exception {
        Batch batch = f.singleBatch();
        try (NDManager manager = NDManager.newBaseManager(); GradMode noGrad = GradMode.disabled()) {
            CausalLm adapted = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            adapted.setDelta(AdapterFiles.load(checkpoint, adapted.config(), manager, DataType.FLOAT32));
            CausalLm merged = CausalLm.load(published, manager, DataType.FLOAT32);
            float[] expected = logits(adapted, manager, batch);
            float[] actual = logits(merged, manager, batch);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst < 1e-4, "merged vs adapter logits differ by " + worst);
        }
    }

    private static float[] logits(CausalLm model, NDManager manager, Batch b) {
        try (NDManager step = manager.newSubManager()) {
            return model.logits(model.hidden(step, b.inputIds(), b.positionIds(), b.segmentIds(), null, false))
                    .toFloatArray();
        }
    }
}
