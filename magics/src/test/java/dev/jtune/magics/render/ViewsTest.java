package dev.jtune.magics.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every view: text/plain always, escaped HTML, the figures a user looks for. Samples go to target/samples. */
class ViewsTest {
    static final StringBuilder SAMPLE_HTML = new StringBuilder("<html><meta charset=\"utf-8\"><body>");
    static final StringBuilder SAMPLE_TEXT = new StringBuilder();

    static Bundle keep(String title, Bundle bundle) {
        assertTrue(bundle.data().containsKey(Bundle.TEXT));
        SAMPLE_HTML.append("<h3>").append(Html.escape(title)).append("</h3>").append(bundle.html());
        SAMPLE_TEXT.append("=== ").append(title).append('\n').append(bundle.text()).append("\n\n");
        return bundle;
    }

    @AfterAll
    static void writeSamples() throws IOException {
        Path dir = Path.of("target", "samples");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("views.html"), SAMPLE_HTML + "</body></html>");
        Files.writeString(dir.resolve("views.txt"), SAMPLE_TEXT);
    }

    @Test
    void escapesEverythingUsersAndModelsWrite() {
        assertEquals("&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;s&lt;/b&gt;", Html.escape("<b>Tom & \"Jerry\" 's</b>"));
        Bundle chat = ChatView.render("<script>alert(1)</script>", List.of(new ChatColumn("m<1>", "a < b && c", true, 3, 10.0, null)));
        assertFalse(chat.html().contains("<script>"));
        assertFalse(chat.html().contains("m<1>"));
        assertTrue(chat.html().contains("a &lt; b &amp;&amp; c"));
    }

    @Test
    void datasetSummaryHasTheFiguresOfTheIssue() {
        DatasetSummary summary = new DatasetSummary("intents-train", "data/intents-train.jsonl", "messages", 324, 36, "10%, seed 42", 1080, 14200,
                1300, 39.4, 96, 3, 64, 0, "tiny", List.of());
        Bundle bundle = keep("%dataset show", DatasetSummaryView.render(summary));
        for (String figure : List.of("Examples", "324", "36 held out (10%, seed 42)", "Turns", "1,080", "Tokens total", "14,200", "39.4", "96",
                "Longer than 64 tokens", "messages", "From data/intents-train.jsonl")) {
            assertTrue(bundle.text().contains(figure), figure + " in\n" + bundle.text());
            assertTrue(bundle.html().contains(figure), figure);
        }
        assertTrue(bundle.html().startsWith("<table"));
    }

    @Test
    void datasetIssuesListLineNumbers() {
        List<DatasetIssue> issues = List.of(new DatasetIssue("bad.jsonl", 3, "invalid JSON: unexpected end of input"),
                new DatasetIssue("bad.jsonl", 7, "unknown role 'bot' (use system, user or assistant)"));
        Bundle bundle = keep("%dataset load errors", DatasetIssuesView.render(issues, false));
        assertTrue(bundle.text().contains("2 bad lines in bad.jsonl"));
        assertTrue(bundle.text().matches("(?s).*\\n\\s*3\\s+invalid JSON.*"), bundle.text());
        assertTrue(bundle.text().contains("--skip-bad-lines"));
        assertTrue(bundle.html().contains("unknown role &#39;bot&#39;"));
    }

    @Test
    void datasetListAndExamples() {
        DatasetSummary summary = new DatasetSummary("faq", "data/faq.csv", "csv", 104, 0, "", 208, 5000, 2000, 48, 90, 0, 512, 0,
                "tiny", List.of());
        assertTrue(keep("%dataset list", DatasetListView.render(List.of(summary))).text().contains("faq"));
        assertTrue(DatasetListView.render(List.of()).text().contains("%dataset load"));
        Bundle examples = keep("%dataset show rows", ExamplesView.render("intents", List.of(
                List.of(new Turn("system", "Classify."), new Turn("user", "怎么开通活期账户?"), new Turn("assistant", "open_account")))));
        assertTrue(examples.text().contains("assistant: open_account"));
        assertTrue(examples.html().contains("怎么开通活期账户?"));
    }

    @Test
    void parametersShowDefaultsAndTheEstimate() {
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("base", "tiny");
        effective.put("data", "intents");
        effective.put("method", "full");
        effective.put("epochs", 24);
        effective.put("lr", 3e-3);
        effective.put("batch-size", 16);
        effective.put("lora-targets", List.of("q_proj", "v_proj"));
        TrainingPlan plan = new TrainingPlan(324, 12_800, 24, 486, "cpu", Duration.ofSeconds(290),
                "from job intents-v0 (1500 tokens/s)", "off (auto: ...) for micro-batches of up to 16 × 512 tokens");
        Bundle bundle = keep("%finetune parameters", ParametersView.render("intents-v1", effective, Set.of("epochs", "lr"), plan));
        assertTrue(bundle.text().contains("3.00e-03"), bundle.text());
        assertTrue(bundle.text().contains("q_proj,v_proj"));
        assertTrue(bundle.text().contains("12,800 tokens per epoch × 24 epochs = 307,200 tokens in 486 steps on cpu, about 4m 50s "
                + "(from job intents-v0 (1500 tokens/s)). Grad checkpointing: off (auto: ...) for micro-batches of up to "
                + "16 × 512 tokens."), bundle.text());
        assertTrue(bundle.html().contains("<b>lr</b>"));
        assertTrue(bundle.text().contains("Set by you (bold): epochs, lr;"), bundle.text());
        assertFalse(bundle.html().contains("<b>base</b>"));
    }

    @Test
    void progressHasBarAndFigures() {
        TrainingProgress progress = new TrainingProgress("intents-v1", "running", 120, 486, 5.93, 24, 0.8123, 0.9001, 2.5e-3,
                1534.2, 184_000, Duration.ofSeconds(72), Duration.ofSeconds(219), null);
        Bundle bundle = keep("%finetune progress", ProgressView.render(progress));
        assertTrue(bundle.text().startsWith("intents-v1 running [######------------------]  25%"), bundle.text());
        for (String figure : List.of("step 120 / 486", "epoch 5.93 / 24", "loss 0.8123", "val loss 0.9001", "lr 2.50e-03",
                "tokens/s 1,534", "elapsed 1m 12s", "remaining 3m 39s")) {
            assertTrue(bundle.text().contains(figure), figure + " in " + bundle.text());
        }
        assertTrue(bundle.html().contains("width:24.7%"));
    }

    @Test
    void checkpointsMarkTheBest() {
        Bundle bundle = keep("%finetune checkpoints", CheckpointsView.render("intents-v1", List.of(
                new CheckpointRow(200, 0.41, 0.52, "jtune-workspace/jobs/intents-v1/checkpoint-200", false),
                new CheckpointRow(400, 0.12, 0.33, "jtune-workspace/jobs/intents-v1/checkpoint-400", true),
                new CheckpointRow(486, 0.09, 0.35, "jtune-workspace/jobs/intents-v1/checkpoint-486", false))));
        String bestLine = bundle.text().lines().filter(line -> line.startsWith("* ")).findFirst().orElseThrow();
        assertTrue(bestLine.contains("400") && bestLine.contains("best"), bestLine);
        assertTrue(bundle.html().contains(TableRenderer.MARK_STYLE));
        assertTrue(bundle.text().contains("checkpoint-486"));
    }

    @Test
    void jobListLikeAConsole() {
        Bundle bundle = keep("%jobs", JobListView.render("jtune-workspace", List.of(
                new JobRow("intents-v1", "tiny", "full", "succeeded", 486, 486, 6_220_800, Duration.ofSeconds(301), 0.33),
                new JobRow("intents-lora", "tiny", "lora", "running", 100, 486, 1_200_000, Duration.ofSeconds(62), null),
                new JobRow("bad-one", "tiny", "lora", "failed", 3, 486, 0, Duration.ofSeconds(2), null))));
        assertTrue(bundle.text().contains("100/486 (21%)"), bundle.text());
        assertTrue(bundle.text().contains("6.22M"));
        assertTrue(bundle.html().contains(StatusBadge.color("failed")));
        assertTrue(JobListView.render("ws", List.of()).text().contains("%finetune"));
    }

    @Test
    void evalShowsAccuracyAndMismatches() {
        Bundle bundle = keep("%eval", EvalView.render("intents-test", "all 60 examples of intents-test", List.of(
                new EvalScore("tiny", "exact", 0, 60, List.of(new EvalScore.Mismatch(1, "Lost my card", "card_lost", "qqq"))),
                new EvalScore("intents-v1", "exact", 55, 60, List.of(new EvalScore.Mismatch(4, "<transfer>", "transfer", "tr_money"))))));
        assertTrue(bundle.text().contains("91.7%"), bundle.text());
        assertTrue(bundle.text().contains("Mismatches of intents-v1"));
        assertTrue(bundle.html().contains("&lt;transfer&gt;"));
    }

    @Test
    void chatColumnsSideBySide() {
        Bundle streaming = keep("%chat streaming", ChatView.render("My card was stolen", List.of(
                new ChatColumn("tiny", "xq", false, 2, null, null), new ChatColumn("intents-v1", "card_lo", false, 3, null, null))));
        assertTrue(streaming.html().contains("repeat(2,"));
        assertTrue(streaming.text().contains("── intents-v1 ──\ncard_lo …"));
        Bundle done = keep("%chat done", ChatView.render("My card was stolen", List.of(
                new ChatColumn("tiny", "xqz kk", true, 6, 40.0, null), new ChatColumn("intents-v1", "card_lost", true, 4, 52.5, null),
                new ChatColumn("broken", "", true, 0, null, "no model called broken"))));
        assertTrue(done.text().contains("4 tokens, 52.5 tokens/s"), done.text());
        assertTrue(done.text().contains("error: no model called broken"));
    }

    @Test
    void publishAndLogs() {
        Bundle bundle = keep("%publish", PublishView.render(new PublishedFolder("intents-bot", "jtune-workspace/models/intents-bot",
                "intents-v1", 400, "tiny", false, List.of(new PublishedFolder.FileEntry("model.safetensors", 4_200_000),
                        new PublishedFolder.FileEntry("config.json", 612)))));
        assertTrue(bundle.text().contains("jtune-workspace/models/intents-bot"));
        assertTrue(bundle.text().contains("4.0 MiB"));
        assertTrue(keep("%jobs logs", LogView.render("j", List.of("step 5 loss 4.1", "step 10 loss 3.2"))).html().contains("<pre"));
    }

    @Test
    void textTablesAlignWideCharacters() {
        Table table = Table.builder(null, "a", "b").row(Cell.text("开通"), Cell.text("x")).row(Cell.text("ab"), Cell.text("y")).build();
        List<String> lines = TableRenderer.text(table).lines().toList();
        assertEquals(TableRenderer.displayWidth(lines.get(2)) - 1, TableRenderer.displayWidth(lines.get(3)) - 1);
        assertThrows(IllegalArgumentException.class, () -> Table.builder(null, "a", "b").row(Cell.text("x")));
    }
}
