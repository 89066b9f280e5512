package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobPlan;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan's step count is the number of optimizer steps the job then runs, on the tiny model with the real data
 * path: with and without packing, with gradient accumulation and with --max-steps. A plan creates no job folder.
 */
class DryRunPlanTest {

    @TempDir
    Path workspace;

    private static JobConfig config(String name, String... kv) {
        String[] common = {"base", "tiny", "data", "intents", "name", name, "max-samples", "20", "batch-size", "4",
            "max-seq-len", "256", "epochs", "1", "val-ratio", "0", "save-steps", "0", "log-steps", "1", "method", "full"};
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < common.length; i += 2) {
            f.put(common[i], common[i + 1]);
        }
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return JobConfig.fromFlags(f);
    }

    @Test
    void plannedStepsAreTheStepsTheJobRuns() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobConfig[] cases = {
                config("plain"),
                config("packed", "packing", "true"),
                config("accumulated", "grad-accum", "3", "epochs", "2"),
                config("packed-accumulated", "packing", "true", "grad-accum", "2", "epochs", "3"),
                config("capped", "max-steps", "2", "epochs", "5"),
            };
            long plainSteps = -1;
            long packedSteps = -1;
            for (JobConfig c : cases) {
                JobPlan plan = rt.jobs().plan(c, false);
                assertFalse(Files.exists(workspace.resolve("jobs").resolve(c.name())), "a plan creates no job folder");
                JobStatus end = rt.jobs().start(c).await();
                assertEquals(JobState.SUCCEEDED, end.state(), end.message());
                assertEquals(end.step(), plan.totalSteps(), c.name() + ": planned vs run steps");
                assertEquals(end.totalSteps(), plan.totalSteps(), c.name() + ": planned vs the job's total");
                if (c.name().equals("plain")) {
                    plainSteps = plan.totalSteps();
                } else if (c.name().equals("packed")) {
                    packedSteps = plan.totalSteps();
                }
            }
            assertTrue(packedSteps < plainSteps, "packing puts several short examples in one row, so fewer steps ("
                    + packedSteps + " vs " + plainSteps + "): a plan that ignored packing would not see it");
        }
    }

    @Test
    void aPreferenceBatchIsPlannedAsItsChosenAndRejectedSequencesAndWarnedInPairs() throws Exception {
        Path pairs = dev.jtune.trainer.preference.IntentPreferencePairs.build(
                TestData.datasets().resolve("intents-train.jsonl"), TestData.datasets().resolve("intents-train.jsonl"),
                workspace.resolve("pairs.jsonl"), 7);
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(pairs, "pairs", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobPlan plan = rt.jobs().plan(config("dpo-plan", "data", "pairs", "stage", "dpo"), false);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("micro-batches of up to (\\d+) × (\\d+) tokens")
                    .matcher(plan.gradCheckpointing());
            assertTrue(m.find(), plan.gradCheckpointing());
            assertEquals(8, Integer.parseInt(m.group(1)), "4 pairs are 8 sequences: " + plan.gradCheckpointing());
            assertTrue(Integer.parseInt(m.group(2)) < 256, "the longest answer, not --max-seq-len: "
                    + plan.gradCheckpointing());

            java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            dev.jtune.trainer.job.JobListener listener = new dev.jtune.trainer.job.JobListener() {
                @Override
                public void warning(String job, String message) {
                    warnings.add(message);
                }
            };
            JobStatus end = rt.jobs().start(config("dpo-big-batch", "data", "pairs", "stage", "dpo", "max-samples", "6",
                    "batch-size", "10", "max-steps", "1"), listener).await();
            assertEquals(JobState.SUCCEEDED, end.state(), end.message());
            assertEquals(java.util.List.of("--batch-size 10 is larger than the 6 training preference pairs: each step "
                    + "trains on all of them at once; use --batch-size 6 or less (or more data)"), warnings);
        }
    }

    @Test
    void dryRunTimesTwoStepsWhenNoEarlierJobIsLikeIt() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobPlan timed = rt.jobs().plan(config("first"), true);
            assertNotNull(timed.estimate(), timed.estimateSource());
            assertTrue(timed.estimateSource().startsWith("timed 2 steps"), timed.estimateSource());
            assertEquals(0, rt.workspace().jobs().size(), "a dry run creates no job");

            JobStatus end = rt.jobs().start(config("first")).await();
            assertEquals(JobState.SUCCEEDED, end.state(), end.message());
            JobPlan fromEarlier = rt.jobs().plan(config("second"), true);
            assertTrue(fromEarlier.estimateSource().startsWith("from job first"), fromEarlier.estimateSource());
        }
    }
}
