package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;
import dev.jtune.trainer.preference.IntentPreferencePairs;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DPO job stopped after 2 steps and resumed to 4 logs the losses and metrics of the uninterrupted run: the
 * reference stays the model the job started from (not the resumed checkpoint), with LoRA and with a full update.
 */
class DpoResumeTest {

    @TempDir
    Path workspace;

    @ParameterizedTest
    @ValueSource(strings = {"lora", "full"})
    void resumedDpoContinuesTheUninterruptedRun(String method) throws Exception {
        Path datasets = TestData.datasets();
        Path pairs = IntentPreferencePairs.build(datasets.resolve("intents-test.jsonl"),
                datasets.resolve("intents-train.jsonl"), workspace.resolve("pairs.jsonl"), 3);
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(pairs, "pairs", DatasetOptions.DEFAULT, 0);
        Map<String, String> flags = new LinkedHashMap<>(Map.of("stage", "dpo", "base", "tiny", "data", "pairs",
                "method", method, "lr", "1e-3", "scheduler", "constant", "warmup-ratio", "0", "batch-size", "8",
                "log-steps", "1", "val-ratio", "0"));
        flags.put("lora-dropout", "0");
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            Map<String, String> straight = new LinkedHashMap<>(flags);
            straight.putAll(Map.of("name", "straight", "max-steps", "4"));
            assertSucceeded(rt.jobs().start(JobConfig.fromFlags(straight)).await());
            Map<String, String> cut = new LinkedHashMap<>(flags);
            cut.putAll(Map.of("name", "cut", "max-steps", "2", "save-steps", "2"));
            assertSucceeded(rt.jobs().start(JobConfig.fromFlags(cut)).await());
            assertSucceeded(rt.jobs().resume("cut", Map.of("max-steps", "4")).await());

            List<StepMetrics> a = rt.workspace().job("straight").metrics();
            List<StepMetrics> b = rt.workspace().job("cut").metrics();
            assertEquals(4, a.size());
            assertEquals(4, b.size());
            // Bitwise equal as a rule; the tolerance after the resume allows for the rare run whose CPU kernels
            // round differently: AdamW turns float noise in LoRA's near-zero gradients (B starts at zero) into
            // lr-sized steps, seen once as 0.002 on the loss. A reference taken from the resumed checkpoint would
            // instead start step 3 at exactly log 2 with zero rewards (checked below).
            for (int i = 0; i < 4; i++) {
                double tolerance = i < 2 ? 1e-5 : 1e-2;
                assertEquals(a.get(i).loss(), b.get(i).loss(), tolerance, method + " loss at step " + (i + 1));
                for (String name : a.get(i).metrics().keySet()) {
                    assertEquals(a.get(i).metrics().get(name), b.get(i).metrics().get(name), 10 * tolerance,
                            method + " " + name + " at step " + (i + 1));
                }
            }
            // the policy moved away from the reference: a reference taken from the resumed checkpoint would
            // start step 3 at log 2 with zero margins
            assertNotEquals(0.0, b.get(2).metrics().get("rewards/margins"), 1e-6);
            assertNotEquals(0.0, b.get(2).metrics().get("rewards/chosen"), 1e-6);
            assertTrue(Math.abs(b.get(2).loss() - Math.log(2)) > 1e-4, "step 3 loss " + b.get(2).loss());
        }
    }

    private static void assertSucceeded(JobStatus s) {
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
    }
}
