package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.MixPart;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mix of two datasets split at load time keeps their held-out examples held out: the job on the mix validates on
 * them (its events show validation evaluations) and never trains on them, also after a restart (the workspace copy).
 */
class MixedSplitTrainingTest {

    @TempDir
    Path workspace;

    /** Every conversation distinct, so "the same tokens" means "the same example". */
    private static Path conversations(Path dir, String prefix, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"" + prefix + " question " + i
                    + "\"},{\"role\":\"assistant\",\"content\":\"" + prefix + " answer " + i + "\"}]}");
        }
        Path f = dir.resolve(prefix + ".jsonl");
        Files.write(f, lines);
        return f;
    }

    private static JobConfig config(String name, String... kv) {
        String[] common = {"base", "tiny", "data", "mixed", "name", name, "batch-size", "4", "max-steps", "4",
            "log-steps", "1", "eval-steps", "2", "save-steps", "0", "method", "full", "max-seq-len", "128"};
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < common.length; i += 2) {
            f.put(common[i], common[i + 1]);
        }
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return JobConfig.fromFlags(f);
    }

    /** The non-padding tokens of every row, one list per row. */
    private static List<List<Integer>> rows(List<Batch> batches) {
        List<List<Integer>> rows = new ArrayList<>();
        for (Batch b : batches) {
            for (int r = 0; r < b.rows(); r++) {
                List<Integer> row = new ArrayList<>();
                for (int t = 0; t < b.sequenceLength(); t++) {
                    if (b.segmentIds()[r][t] != 0) {
                        row.add(b.inputIds()[r][t]);
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void aMixTrainsOnItsPartsTrainingSplitsAndValidatesOnTheirHeldOutOnes() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(conversations(workspace, "alpha", 60), "alpha", DatasetOptions.DEFAULT, 0.1);
        catalog.load(conversations(workspace, "beta", 40), "beta", DatasetOptions.DEFAULT, 0.1);
        CatalogEntry mix = catalog.mix("mixed", List.of(new MixPart("alpha", 1), new MixPart("beta", 0.5)), 42);
        assertEquals(6 + 2, mix.validation().size(), "all of alpha's 6 held out, half of beta's 4");
        assertEquals(54 + 18, mix.train().size());
        assertEquals(8.0 / 80, mix.split().ratio(), 1e-12);

        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            rt.saveDataset("mixed");
            JobStatus done = rt.jobs().start(config("on-mix")).await();
            assertEquals(JobState.SUCCEEDED, done.state(), done.message());
            List<EvalMetrics> evaluations = rt.workspace().job("on-mix").evaluations();
            assertEquals(List.of(2L, 4L), evaluations.stream().map(EvalMetrics::step).toList());
            assertTrue(evaluations.stream().allMatch(e -> Double.isFinite(e.valLoss()) && e.valLoss() > 0));

            EncodedTrainingData data = (EncodedTrainingData) new JobDataFactory(catalog, rt.datasetStore(),
                    new EncoderCache()).open(config("probe", "epochs", "3"), rt.resolver().resolve("tiny"));
            List<List<Integer>> validation = rows(data.validationBatches());
            assertEquals(8, validation.size());
            List<Batch> trainBatches = new ArrayList<>();
            for (int epoch = 0; epoch < 3; epoch++) {
                for (long i = 0; i < data.batchesPerEpoch(); i++) {
                    trainBatches.add(data.batch(epoch, i));
                }
            }
            List<List<Integer>> trained = rows(trainBatches);
            assertEquals(3 * 72, trained.size(), "every training example in every epoch");
            Set<List<Integer>> trainedSet = new HashSet<>(trained);
            for (List<Integer> v : validation) {
                assertFalse(trainedSet.contains(v), "a held-out example was trained on");
            }
        }

        // a restarted kernel: the session's catalog is gone; the workspace copy keeps the same split
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, new DatasetCatalog(), Device.cpu())) {
            JobDataFactory factory = new JobDataFactory(rt.datasets(), rt.datasetStore(), new EncoderCache());
            DatasetSplit saved = factory.split("--data", "mixed", 42);
            assertEquals(mix.validation().size(), saved.validation().size());
            for (int i = 0; i < saved.validation().size(); i++) {
                assertEquals(mix.validation().get(i).messages(), saved.validation().get(i).messages());
            }
            assertEquals(mix.train().size(), saved.train().size());
        }
    }

    @Test
    void aJobRatioThatWouldResplitAHeldOutDatasetIsRefused() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(conversations(workspace, "alpha", 30), "alpha", DatasetOptions.DEFAULT, 0.2);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.jobs().start(config("resplit", "data", "alpha", "val-ratio", "0.1")));
            assertTrue(e.getMessage().contains("--val-ratio 0.1") && e.getMessage().contains("holds out 6 examples"),
                    e.getMessage());
            // the dataset's own ratio is fine, and so is leaving it out
            JobStatus done = rt.jobs().start(config("same", "data", "alpha", "val-ratio", "0.2", "max-steps", "2"))
                    .await();
            assertEquals(JobState.SUCCEEDED, done.state(), done.message());
            assertEquals(1, rt.workspace().job("same").evaluations().size());
        }
    }
}
