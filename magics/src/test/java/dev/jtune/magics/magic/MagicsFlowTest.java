package dev.jtune.magics.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.magics.JTune;
import dev.jtune.trainer.job.JobState;

/**
 * The magics end to end on the tiny model: loaded as the kernel loads them, their lines split by the kernel's parser,
 * their output caught by a fake display: what a notebook user sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MagicsFlowTest {
    @TempDir
    static Path dir;
    static LoadedMagics kernel;
    static JTune jtune;

    @BeforeAll
    static void data() throws Exception {
        Path datasets = Path.of(System.getProperty("jtune.datasets"));
        Files.createDirectories(dir.resolve("data"));
        for (String file : new String[] {"intents-train.jsonl", "intents-test.jsonl", "faq.csv"}) {
            Files.copy(datasets.resolve(file), dir.resolve("data").resolve(file));
        }
        Files.writeString(dir.resolve("data/broken.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"assistant\", \"content\": \"yo\"}]}\n{\"messages\": [\n");
        kernel = new LoadedMagics(dir);
        jtune = kernel.jtune();
    }

    @AfterAll
    static void close() {
        if (kernel != null) {
            kernel.shutdown(Duration.ofSeconds(30));
        }
    }

    /** Runs {@code %name arguments} as a notebook line, through the kernel's parser and the loaded magic set. */
    static FakeContext run(String name, String arguments) throws Exception {
        FakeContext context = kernel.context();
        kernel.magic(name).run(FakeContext.line(name, arguments), context);
        save(name + "-" + arguments.replaceAll("[^A-Za-z0-9]+", "_"), context);
        return context;
    }

    /** Waits for {@code condition}, failing the test (not hanging) after {@code seconds}. */
    static void waitUntil(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Keeps what each cell showed under target/samples, to look at. */
    static void save(String name, FakeContext context) throws java.io.IOException {
        Path samples = Path.of("target", "samples");
        Files.createDirectories(samples);
        Files.writeString(samples.resolve(name + ".txt"), context.text());
        int i = 0;
        for (MimeBundle bundle : context.bundles()) {
            Object png = bundle.data().get(MimeBundle.PNG);
            if (png != null) {
                Files.write(samples.resolve(name + "-" + (i++) + ".png"), java.util.Base64.getDecoder().decode(png.toString()));
            }
            Object html = bundle.data().get(MimeBundle.HTML);
            if (html != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html.toString());
                while (m.find()) {
                    Files.write(samples.resolve(name + "-" + (i++) + ".png"), java.util.Base64.getDecoder().decode(m.group(1)));
                }
            }
        }
    }

    static boolean anyHtml(FakeContext context, String part) {
        return context.bundles().stream().map(b -> String.valueOf(b.data().get(MimeBundle.HTML))).anyMatch(h -> h.contains(part));
    }

    @Test
    @Order(1)
    void datasetsLoadShowListAndRefuseBadFiles() throws Exception {
        FakeContext load = run("dataset", "load data/intents-train.jsonl --name intents --val-ratio 0.1");
        assertTrue(anyHtml(load, "Dataset intents"), load.text());
        assertTrue(load.bundles().stream().anyMatch(b -> b.data().containsKey(MimeBundle.PNG)), "histogram");
        assertTrue(load.text().contains("36 held out (10%, seed 42)"), load.text());
        run("dataset", "load data/intents-test.jsonl --name intents-test");
        FakeContext csv = run("dataset", "load data/faq.csv --name faq");
        assertTrue(csv.text().contains("csv"), csv.text());
        FakeContext list = run("dataset", "list");
        assertTrue(list.text().contains("intents-test") && list.text().contains("faq"), list.text());
        assertTrue(list.text().contains("36 (10%, seed 42)"), list.text());
        FakeContext show = run("dataset", "show intents --rows 2");
        assertTrue(show.text().contains("assistant: "), show.text());
        FakeContext atLength = run("dataset", "show intents --model tiny --max-seq-len 16 --rows 0");
        assertTrue(atLength.text().matches("(?s).*Longer than 16 tokens \\(truncated\\)\\s+[1-9][\\d,]*.*"), atLength.text());
        MagicException tooShort = assertThrows(MagicException.class, () -> run("dataset", "show intents --max-seq-len 4"));
        assertTrue(tooShort.getMessage().contains("--max-seq-len") && tooShort.getMessage().contains("4"),
                tooShort.getMessage());

        Files.writeString(dir.resolve("data/pairs.jsonl"), "{\"ask\": \"Where is my card?\", \"say\": \"card_lost\"}\n"
                + "{\"ask\": \"What is my balance?\", \"say\": \"balance\", \"sys\": \"Own prompt.\"}\n");
        FakeContext pairs = run("dataset", "load data/pairs.jsonl --name pairs --format prompt-response "
                + "--columns question=ask,answer=say,system=sys --system \"Classify it.\"");
        assertTrue(pairs.text().contains("Only 2 examples (fewer than 100)"), "tiny datasets warn: " + pairs.text());
        var examples = jtune.session().datasets().get("pairs").dataset().examples();
        assertEquals("Classify it.", examples.get(0).messages().get(0).content());
        assertEquals("Where is my card?", examples.get(0).messages().get(1).content());
        assertEquals("Own prompt.", examples.get(1).messages().get(0).content(), "a row's own system prompt wins");
        MagicException badColumns = assertThrows(MagicException.class,
                () -> run("dataset", "load data/pairs.jsonl --columns ask"));
        assertTrue(badColumns.getMessage().contains("--columns"), badColumns.getMessage());
        FakeContext broken = kernel.context();
        MagicException error = assertThrows(MagicException.class,
                () -> kernel.magic("dataset").run(FakeContext.line("dataset", "load data/broken.jsonl"), broken));
        assertTrue(error.getMessage().contains("broken.jsonl"), error.getMessage());
        assertTrue(broken.text().contains("bad line"), broken.text());
        MagicException missing = assertThrows(MagicException.class, () -> run("dataset", "show nope"));
        assertTrue(missing.getMessage().contains("no dataset called 'nope'") && missing.getMessage().contains("intents"),
                missing.getMessage());
    }

    @Test
    @Order(2)
    void finetuneShowsParametersLiveProgressAndCheckpoints() throws Exception {
        FakeContext context = kernel.context();
        kernel.magic("finetune").run(FakeContext.cell("finetune", "--name flow", "base: tiny\ndata: intents\nmethod: full\nmax-steps: 6\n"
                + "lr: 3e-3\nbatch-size: 16\nlog-steps: 2\neval-steps: 3\nsave-steps: 3\n"), context);
        String text = context.text();
        save("finetune-flow", context);
        assertTrue(text.contains("Job flow: parameters"), text);
        assertTrue(text.contains("tokens per epoch"), text);
        assertTrue(text.contains("flow succeeded"), text);
        assertTrue(text.contains("Checkpoints of flow"), text);
        assertTrue(!context.updates.isEmpty(), "the progress output was updated in place");
        assertTrue(anyHtml(context, "data:image/png;base64,"), "the live output carries the loss chart");
    }

    @Test
    @Order(2)
    void aMistypedBaseModelStartsNoJob() {
        MagicException error = assertThrows(MagicException.class,
                () -> run("finetune", "--base tinyy --data intents --name typo"));
        assertTrue(error.getMessage().contains("tinyy"), error.getMessage());
        assertTrue(jtune.workspace().findJob("typo").isEmpty());
    }

    @Test
    @Order(3)
    void dryRunShowsThePlanAndCreatesNoJob() throws Exception {
        FakeContext context = run("finetune", "--base tiny --data intents --method full --batch-size 16 "
                + "--name dry --max-steps 4 --lr 3e-3 --dry-run");
        String text = context.text();
        assertTrue(text.contains("Dry run: no job was created"), text);
        assertTrue(text.contains("in 4 steps"), text);
        assertTrue(text.contains("from job flow"), "same base, method, batch and length as flow: " + text);
        assertTrue(text.contains("Set by you (bold): base, method, data, lr, batch-size, max-steps;"),
                "what was typed, not what the dataset's split lent the job: " + text);
        assertTrue(text.contains("× 0.19 epochs"), text);
        // The engine's own choice for tiny's largest batch, from the job's flags and the memory free now.
        assertTrue(text.matches("(?s).*Grad checkpointing: off \\(auto: about \\d+ MiB of activations fit the budget "
                + "of .*, half of the .* free\\) for micro-batches of up to 16 × \\d+ tokens\\..*"), text);
        assertTrue(jtune.workspace().findJob("dry").isEmpty(), "a dry run leaves no job folder");
    }

    @Test
    @Order(3)
    void copyErrorsNameTheSetFlag() {
        MagicException error = assertThrows(MagicException.class, () -> run("jobs", "copy flow flow-x --set lr=5"));
        assertTrue(error.getMessage().contains("--set lr=5 is out of range"), error.getMessage());
        MagicException cross = assertThrows(MagicException.class,
                () -> run("jobs", "copy flow flow-y --set val-ratio=0 --set early-stop-patience=2"));
        assertTrue(cross.getMessage().contains("--set early-stop-patience=2 watches"), cross.getMessage());
        assertFalse(cross.getMessage().contains("--val-ratio"), "%jobs copy has no --val-ratio: " + cross.getMessage());
        assertTrue(jtune.workspace().findJob("flow-x").isEmpty() && jtune.workspace().findJob("flow-y").isEmpty());
    }

    @Test
    @Order(3)
    void lossJobsAndLogs() throws Exception {
        FakeContext loss = run("loss", "flow --val --lr");
        assertTrue(loss.bundles().get(0).data().containsKey(MimeBundle.PNG));
        assertTrue(loss.text().contains("training loss"), loss.text());
        FakeContext jobs = run("jobs", "");
        assertTrue(jobs.text().contains("flow") && jobs.text().contains("succeeded"), jobs.text());
        FakeContext show = run("jobs", "show flow");
        assertTrue(show.text().contains("best validation loss"), show.text());
        FakeContext logs = run("jobs", "logs flow --tail 3");
        assertTrue(logs.text().contains("status succeeded"), logs.text());
        FakeContext copy = run("jobs", "copy flow flow-copy --set max-steps=2 --set lr=1e-3");
        assertTrue(copy.text().contains("started it in the background"), copy.text());
        var copied = jtune.session().jobs().running("flow-copy");
        if (copied.isPresent()) {
            assertTrue(copied.get().await(Duration.ofSeconds(120)), "flow-copy finished within 120 s");
        }
        assertEquals(JobState.SUCCEEDED, jtune.job("flow-copy").status().state());
        assertEquals(1e-3, jtune.job("flow-copy").config().lr());
        run("jobs", "delete flow-copy");
        assertTrue(jtune.workspace().findJob("flow-copy").isEmpty());
        MagicException ghost = assertThrows(MagicException.class, () -> run("jobs", "show ghost"));
        assertTrue(ghost.getMessage().contains("flow"), ghost.getMessage());
    }

    @Test
    @Order(4)
    void publishChatAndEval() throws Exception {
        FakeContext publish = run("publish", "flow --name flow-bot");
        assertTrue(publish.text().contains("Published flow-bot"), publish.text());
        assertTrue(Files.exists(dir.resolve("jtune-workspace/models/flow-bot/config.json")));
        FakeContext chat = run("chat", "tiny,flow-bot --max-new-tokens 4 Lost my card");
        assertTrue(chat.text().contains("── tiny ──") && chat.text().contains("── flow-bot ──"), chat.text());
        FakeContext jobChat = run("chat", "flow --max-new-tokens 2 hello");
        assertTrue(jobChat.text().contains("── flow ──"), jobChat.text());
        FakeContext eval = run("eval", "tiny,flow-bot --data intents-test --limit 4");
        assertTrue(eval.text().contains("Accuracy on intents-test"), eval.text());
        assertTrue(eval.text().matches("(?s).*flow-bot\\s+exact\\s+\\d+\\s+4\\s+[\\d.]+%.*"), eval.text());
        assertTrue(eval.text().contains("the first 4 of all 60 examples of intents-test"), eval.text());

        FakeContext three = run("eval", "tiny,flow,flow-bot --data intents --metric exact,rouge-l,loss --limit 3");
        assertTrue(three.text().contains("the first 3 of the 36 held-out examples of intents"), three.text());
        assertTrue(three.text().matches("(?s).*\\bflow\\s+exact\\s+\\d+\\s+3\\s+[\\d.]+%\\s+[\\d.]+\\s+[\\d.]+ \\(perplexity [\\d.]+\\).*"),
                three.text());
        assertTrue(three.text().contains("eval-intents-val.json"), "says where the results are kept: " + three.text());
        FakeContext spare = run("publish", "flow:last --name flow-spare");
        assertTrue(spare.text().contains("Published flow-spare"), spare.text());
        MagicException odd = assertThrows(MagicException.class, () -> run("publish", "flow:newest --name flow-odd"));
        assertTrue(odd.getMessage().contains("'newest' is not a checkpoint"), odd.getMessage());
        FakeContext models = run("models", "");
        assertTrue(models.text().contains("Published models") && models.text().contains("flow-spare")
                && models.text().matches("(?s).*flow-bot\\s+tiny\\s+flow step \\d+\\s+[\\d.]+ [KM]B.*"), models.text());
        FakeContext deleted = run("models", "delete flow-spare");
        assertTrue(deleted.text().contains("Deleted published model flow-spare"), deleted.text());
        assertFalse(Files.exists(dir.resolve("jtune-workspace/models/flow-spare")));
        MagicException gone = assertThrows(MagicException.class, () -> run("models", "delete flow-spare"));
        assertTrue(gone.getMessage().contains("no published model named 'flow-spare'")
                && gone.getMessage().contains("flow-bot"), gone.getMessage());
        FakeContext show = run("jobs", "show flow");
        assertTrue(show.text().contains("Evaluations of flow") && show.text().contains("eval-intents-val.json")
                && show.text().contains("rouge-l"), show.text());
    }

    @Test
    @Order(5)
    void interruptStopsTheJobWithACheckpoint() throws Exception {
        FakeContext context = kernel.context();
        var pool = Executors.newSingleThreadExecutor();
        Future<?> cell = pool.submit(() -> {
            kernel.magic("finetune").run(FakeContext.line("finetune",
                    "--base tiny --data intents --name stopme --max-steps 400 --log-steps 1 --save-steps 1000"), context);
            return null;
        });
        waitUntil("stopme trained 2 steps", 120,
                () -> jtune.session().jobs().running("stopme").map(h -> h.job().status().step() >= 2).orElse(false));
        context.cancel();
        ExecutionException ended = assertThrows(ExecutionException.class, () -> cell.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        MagicException interrupted = assertInstanceOf(MagicException.class, ended.getCause());
        assertEquals("Interrupted", interrupted.errorName());
        assertTrue(interrupted.getMessage().contains("--resume stopme"), interrupted.getMessage());
        assertEquals(JobState.STOPPED, jtune.job("stopme").status().state());
        assertTrue(!jtune.job("stopme").checkpoints().isEmpty(), "a checkpoint was saved on stop");
        assertTrue(context.text().contains("Checkpoints of stopme"), context.text());
    }

    @Test
    @Order(6)
    void backgroundJobsReturnAtOnceAndChatUsesTheirNewestCheckpointWhileTheyTrain() throws Exception {
        FakeContext context = run("finetune",
                "--base tiny --data intents --name bg --max-steps 2000 --save-steps 2 --log-steps 1 --background");
        assertTrue(context.text().contains("in the background"), context.text());
        assertTrue(jtune.session().jobs().running("bg").isPresent(), "the cell returned while bg trains");
        waitUntil("bg saved a checkpoint", 120, () -> !jtune.job("bg").checkpoints().isEmpty());
        FakeContext chat = run("chat", "bg --max-new-tokens 2 hello");
        assertTrue(chat.text().contains("── bg ──") && chat.text().contains("tokens"), chat.text());
        assertTrue(jtune.session().jobs().running("bg").isPresent(), "bg was still training after the chat answered");
        run("jobs", "stop bg");
        var handle = jtune.session().jobs().running("bg");
        if (handle.isPresent()) {
            assertTrue(handle.get().await(Duration.ofSeconds(60)), "bg stopped within 60 s");
        }
        assertEquals(JobState.STOPPED, jtune.job("bg").status().state());
    }

    @Test
    @Order(7)
    void shuttingTheMagicsDownStopsARunningJobWithACheckpoint() throws Exception {
        run("finetune", "--base tiny --data intents --name down --max-steps 2000 --save-steps 1000 --log-steps 1 --background");
        waitUntil("down trained 2 steps", 120,
                () -> jtune.session().jobs().running("down").map(h -> h.job().status().step() >= 2).orElse(false));
        var workspace = jtune.workspace();
        kernel.shutdown(Duration.ofSeconds(60));
        assertEquals(JobState.STOPPED, workspace.job("down").status().state());
        assertTrue(!workspace.job("down").checkpoints().isEmpty(), "a checkpoint was saved at shutdown");
        kernel = null;
    }
}
