package dev.jtune.trainer.runtime;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.eval.EvalExample;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.EvalSet;
import dev.jtune.trainer.eval.EvalSplit;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation on a dataset loaded with a validation ratio scores its held-out examples by default, and the loss
 * metric is the trainer's own validation loss: the same model on the same held-out examples gives the same number.
 */
class HeldOutEvaluationTest {

    @TempDir
    Path workspace;

    private static Path conversations(Path dir, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"question " + i
                    + "\"},{\"role\":\"assistant\",\"content\":\"label" + (i % 3) + "\"}]}");
        }
        Path f = dir.resolve("labels.jsonl");
        Files.write(f, lines);
        return f;
    }

    @Test
    void defaultsToTheHeldOutSplitAndItsLossIsTheJobsValidationLoss() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        CatalogEntry entry = catalog.load(conversations(workspace, 40), "labels", DatasetOptions.DEFAULT, 0.25);
        assertEquals(10, entry.validation().size());
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            EvalSet held = rt.evalSet("labels", null);
            assertEquals(EvalSplit.VAL, held.split());
            assertEquals("the 10 held-out examples of labels", held.description());
            List<String> heldQuestions = entry.validation().stream()
                    .map(e -> EvalExample.fromConversation(e.messages()).question()).toList();
            assertEquals(heldQuestions, held.examples().stream().map(EvalExample::question).toList());
            assertEquals(40, rt.evalSet("labels", EvalSplit.ALL).examples().size());
            assertEquals(30, rt.evalSet("labels", EvalSplit.TRAIN).examples().size());

            Map<String, String> flags = new LinkedHashMap<>(Map.of("base", "tiny", "data", "labels", "name", "j",
                    "batch-size", "4", "max-steps", "2", "eval-steps", "2", "save-steps", "2", "log-steps", "1"));
            flags.put("lora-dropout", "0");
            flags.put("max-seq-len", "12");  // cuts every example: the loss must be computed at the job's length
            JobStatus done = rt.jobs().start(JobConfig.fromFlags(flags)).await();
            assertEquals(JobState.SUCCEEDED, done.state(), done.message());
            List<EvalMetrics> evaluations = rt.workspace().job("j").evaluations();
            double jobValLoss = evaluations.get(evaluations.size() - 1).valLoss();

            EvalReport report = rt.evaluate("j", held, List.of(EvalMetric.EXACT, EvalMetric.LOSS), 0,
                    Evaluator.Progress.NONE);
            assertEquals(10, report.total());
            assertEquals(jobValLoss, report.score(EvalMetric.LOSS), 1e-4 * jobValLoss);
            assertEquals(Math.exp(report.loss()), report.perplexity(), 1e-9);
            double untruncated = rt.model("j").referenceLoss(held.examples(), 1024);
            assertTrue(Math.abs(untruncated - jobValLoss) > 1e-3 * jobValLoss,
                    "at the default length the loss differs (" + untruncated + " vs " + jobValLoss
                            + "), so the match above is the job's own length at work");

            Path saved = rt.saveEvaluation("j", held, report).orElseThrow();
            assertEquals(rt.workspace().job("j").dir().resolve("eval-labels-val.json"), saved);
            JsonNode json = new ObjectMapper().readTree(saved.toFile());
            assertEquals("val", json.path("split").asText());
            assertEquals(10, json.path("outcomes").size());
            assertEquals(report.score(EvalMetric.LOSS), json.path("scores").path("loss").asDouble(), 1e-12);
            assertTrue(rt.saveEvaluation("tiny", held, report).isEmpty(), "tiny has no job to keep it with");
        }
    }

    @Test
    void askingForAHeldOutSplitOfADatasetWithoutOneSaysWhatToDo() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(conversations(workspace, 12), "labels", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            assertEquals("all 12 examples of labels", rt.evalSet("labels", null).description());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rt.evalSet("labels", EvalSplit.VAL));
            assertTrue(e.getMessage().contains("--split val") && e.getMessage().contains("--split all"), e.getMessage());
        }
    }
}
