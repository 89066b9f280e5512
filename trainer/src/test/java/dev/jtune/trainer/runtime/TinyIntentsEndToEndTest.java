package dev.jtune.trainer.runtime;

import dev.jtune.trainer.testing.TestData;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalOutcome;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart's promise: the untrained {@code tiny} model, fine-tuned on the sample intents with the notebook's
 * flags ({@code quickstart-finetune.flags}), answers at least 85% of the held-out intents exactly, on the CPU.
 * Prints the wall time (never asserted). {@code -Djtune.e2e.flags="--epochs 4"} overrides flags for tuning runs.
 */
class TinyIntentsEndToEndTest {

    private static final Path DATASETS = TestData.datasets();

    @TempDir
    Path workspace;

    @Test
    void tinyLearnsTheIntents() throws Exception {
        Map<String, String> flags = QuickstartFlags.parse(QuickstartFlags.line());
        String extra = System.getProperty("jtune.e2e.flags", "");
        if (!extra.isBlank()) {
            flags.putAll(QuickstartFlags.parse(extra));
        }
        flags.put("name", "quickstart");
        JobConfig config = JobConfig.fromFlags(flags);
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(DATASETS.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        catalog.load(DATASETS.resolve("intents-test.jsonl"), "intents-test", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            long start = System.nanoTime();
            JobStatus status = rt.jobs().start(config).await();
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(JobState.SUCCEEDED, status.state(), status.message());
            List<StepMetrics> metrics = rt.workspace().job("quickstart").metrics();
            long evalStart = System.nanoTime();
            EvalReport report = rt.evaluate("quickstart", "intents-test", EvalMetric.EXACT, 0, Evaluator.Progress.NONE);
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            for (EvalOutcome miss : report.mismatches()) {
                System.out.println("miss: " + miss.question() + " -> '" + miss.output() + "' (expected '"
                        + miss.expected() + "')");
            }
            System.out.printf(Locale.ROOT, "tiny intents end to end: flags %s%n  %d steps, last logged train loss %.4f, "
                            + "train %.1f s, eval %.1f s, exact match %d/%d = %.3f%n", flags, status.step(),
                    metrics.isEmpty() ? Double.NaN : metrics.get(metrics.size() - 1).loss(), trainSeconds,
                    evalSeconds, report.correct(), report.total(), report.accuracy());
            assertTrue(report.accuracy() >= 0.85, "exact match " + report.accuracy() + " is below 0.85");
        }
    }
}
