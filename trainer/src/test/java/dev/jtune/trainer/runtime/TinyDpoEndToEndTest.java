package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;
import dev.jtune.trainer.preference.IntentPreferencePairs;
import dev.jtune.trainer.preference.PreferenceMetrics;
import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPO after SFT on {@code tiny}: the quickstart's SFT job, then a DPO job from it on preference pairs built from the
 * intents (chosen = the right label, rejected = a wrong one). The preference accuracy on held-out pairs (built from
 * intents-test) must rise above 90%, and exact match on intents-test must not fall by more than 5 points. Prints
 * the figures and the wall time (never asserted). Without {@code --pref-ftx} the same run reaches the preference
 * accuracy but exact match collapses (DPO lowers the chosen answer's likelihood too); the SFT term keeps it.
 * {@code -Djtune.e2e.dpo.flags="..."} replaces the DPO job's flags for tuning runs.
 */
class TinyDpoEndToEndTest {

    private static final Path DATASETS = TestData.datasets();

    @TempDir
    Path workspace;

    @Test
    void dpoAfterSftLearnsThePreferencesAndKeepsTheAnswers() throws Exception {
        Map<String, String> sftFlags = QuickstartFlags.parse(QuickstartFlags.line());
        sftFlags.put("name", "sft");
        Path pairs = IntentPreferencePairs.build(DATASETS.resolve("intents-train.jsonl"),
                DATASETS.resolve("intents-train.jsonl"), workspace.resolve("intent-pairs.jsonl"), 7);
        Path heldOut = IntentPreferencePairs.build(DATASETS.resolve("intents-test.jsonl"),
                DATASETS.resolve("intents-train.jsonl"), workspace.resolve("intent-pairs-test.jsonl"), 8);
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(DATASETS.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        catalog.load(DATASETS.resolve("intents-test.jsonl"), "intents-test", DatasetOptions.DEFAULT, 0);
        catalog.load(pairs, "intent-pairs", DatasetOptions.DEFAULT, 0);
        catalog.load(heldOut, "intent-pairs-test", DatasetOptions.DEFAULT, 0);
        String dpoLine = System.getProperty("jtune.e2e.dpo.flags",
                "--stage dpo --base sft --data intent-pairs --val intent-pairs-test --method full --lr 2e-3 "
                        + "--epochs 1 --batch-size 16 --pref-ftx 1 --eval-steps 6 --log-steps 5");
        Map<String, String> dpoFlags = QuickstartFlags.parse(dpoLine);
        dpoFlags.put("name", "dpo");
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            long t0 = System.nanoTime();
            JobStatus sft = rt.jobs().start(JobConfig.fromFlags(sftFlags)).await();
            assertEquals(JobState.SUCCEEDED, sft.state(), sft.message());
            double sftSeconds = (System.nanoTime() - t0) / 1e9;
            EvalReport before = rt.evaluate("sft", "intents-test", EvalMetric.EXACT, 0, Evaluator.Progress.NONE);

            long t1 = System.nanoTime();
            JobStatus dpo = rt.jobs().start(JobConfig.fromFlags(dpoFlags)).await();
            assertEquals(JobState.SUCCEEDED, dpo.state(), dpo.message());
            double dpoSeconds = (System.nanoTime() - t1) / 1e9;
            EvalReport after = rt.evaluate("dpo", "intents-test", EvalMetric.EXACT, 0, Evaluator.Progress.NONE);

            List<EvalMetrics> evals = rt.workspace().job("dpo").evaluations();
            List<StepMetrics> logs = rt.workspace().job("dpo").metrics();
            assertFalse(evals.isEmpty());
            assertFalse(logs.isEmpty());
            String accuracy = EvalMetrics.PREFIX + PreferenceMetrics.ACCURACY;
            double first = evals.get(0).metrics().get(accuracy);
            double last = evals.get(evals.size() - 1).metrics().get(accuracy);
            assertTrue(logs.get(logs.size() - 1).metrics().keySet().containsAll(PreferenceMetrics.NAMES),
                    "every TRL metric is logged: " + logs.get(logs.size() - 1).metrics());
            System.out.printf(Locale.ROOT, "tiny DPO end to end: SFT %d steps in %.1f s, exact match %d/%d = %.3f; "
                            + "DPO %d steps in %.1f s (%s), held-out preference accuracy %.3f at step %d -> %.3f, "
                            + "eval margins %.3f, exact match after %d/%d = %.3f%n", sft.step(), sftSeconds,
                    before.correct(), before.total(), before.accuracy(), dpo.step(), dpoSeconds, dpoLine, first,
                    evals.get(0).step(), last,
                    evals.get(evals.size() - 1).metrics().get("eval_rewards/margins"), after.correct(), after.total(),
                    after.accuracy());
            // published and evaluated like any job: the merged model answers as the job's checkpoint does
            rt.publish(new PublishRequest("dpo", null, "dpo-model", false, false));
            EvalReport published = rt.evaluate("dpo-model", "intents-test", EvalMetric.EXACT, 0,
                    Evaluator.Progress.NONE);
            assertEquals(after.correct(), published.correct(), "the published DPO model answers as its job");
            assertTrue(last > 0.9, "held-out preference accuracy " + last + " is not above 0.9");
            assertTrue(after.accuracy() >= before.accuracy() - 0.05, "exact match fell from " + before.accuracy()
                    + " to " + after.accuracy());
        }
    }
}
