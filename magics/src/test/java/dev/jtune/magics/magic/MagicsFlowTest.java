package dev.jtune.magics.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

/** The magics end to end on the tiny model, through a fake kernel context: what a notebook user sees. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MagicsFlowTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        Path datasets = Path.of(System.getProperty("jtune.datasets"));
        Files.createDirectories(dir.resolve("data"));
        for (String file : new String[] {"intents-train.jsonl", "intents-test.jsonl", "faq.csv"}) {
            Files.copy(datasets.resolve(file), dir.resolve("data").resolve(file));
        }
        Files.writeString(dir.resolve("data/broken.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"assistant\", \"content\": \"yo\"}]}\n{\"messages\": [\n");
    }

    @AfterAll
    static void close() {
        JTune.close();
    }

    static FakeContext run(dev.jtune.kernel.magic.Magic magic, String arguments) throws Exception {
        FakeContext context = new FakeContext(dir);
        magic.run(FakeContext.line(magic.name(), arguments), context);
        save(magic.name() + "-" + arguments.replaceAll("[^A-Za-z0-9]+", "_"), context);
        return context;
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
        FakeContext load = run(new DatasetMagic(), "load data/intents-train.jsonl --name intents --val-ratio 0.1");
        assertTrue(anyHtml(load, "Dataset intents"), load.text());
        assertTrue(load.bundles().stream().anyMatch(b -> b.data().containsKey(MimeBundle.PNG)), "histogram");
        assertTrue(load.text().contains("held out"), load.text());
        run(new DatasetMagic(), "load data/intents-test.jsonl --name intents-test");
        FakeContext csv = run(new DatasetMagic(), "load data/faq.csv --name faq");
        assertTrue(csv.text().contains("csv"), csv.text());
        FakeContext list = run(new DatasetMagic(), "list");
        assertTrue(list.text().contains("intents-test") && list.text().contains("faq"), list.text());
        FakeContext show = run(new DatasetMagic(), "show intents --rows 2");
        assertTrue(show.text().contains("assistant: "), show.text());
        FakeContext broken = new FakeContext(dir);
        MagicException error = assertThrows(MagicException.class,
                () -> new DatasetMagic().run(FakeContext.line("dataset", "load data/broken.jsonl"), broken));
        assertTrue(error.getMessage().contains("broken.jsonl"), error.getMessage());
        assertTrue(broken.text().contains("bad line"), broken.text());
        MagicException missing = assertThrows(MagicException.class, () -> run(new DatasetMagic(), "show nope"));
        assertTrue(missing.getMessage().contains("no dataset called 'nope'") && missing.getMessage().contains("intents"),
                missing.getMessage());
    }

    @Test
    @Order(2)
    void finetuneShowsParametersLiveProgressAndCheckpoints() throws Exception {
        FakeContext context = new FakeContext(dir);
        new FinetuneMagic().run(FakeContext.cell("finetune", "--name flow", "base: tiny\ndata: intents\nmethod: full\nmax-steps: 6\n"
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
                () -> run(new FinetuneMagic(), "--base tinyy --data intents --name typo"));
        assertTrue(error.getMessage().contains("tinyy"), error.getMessage());
        assertTrue(JTune.workspace().findJob("typo").isEmpty());
    }

    @Test
    @Order(3)
    void dryRunShowsThePlanAndCreatesNoJob() throws Exception {
        FakeContext context = run(new FinetuneMagic(), "--base tiny --data intents --method full --batch-size 16 "
                + "--name dry --max-steps 4 --lr 3e-3 --dry-run");
        String text = context.text();
        assertTrue(text.contains("Dry run: no job was created"), text);
        assertTrue(text.contains("in 4 steps"), text);
        assertTrue(text.contains("from job flow"), "same base, method, batch and length as flow: " + text);
        assertTrue(text.contains("Set by you (bold): base, method, data, lr, batch-size, max-steps;"),
                "what was typed, not what the dataset's split lent the job: " + text);
        assertTrue(text.contains("× 0.19 epochs"), text);
        assertTrue(JTune.workspace().findJob("dry").isEmpty(), "a dry run leaves no job folder");
    }

    @Test
    @Order(3)
    void copyErrorsNameTheSetFlag() {
        MagicException error = assertThrows(MagicException.class, () -> run(new JobsMagic(), "copy flow flow-x --set lr=5"));
        assertTrue(error.getMessage().contains("--set lr=5 is out of range"), error.getMessage());
        MagicException cross = assertThrows(MagicException.class,
                () -> run(new JobsMagic(), "copy flow flow-y --set val-ratio=0 --set early-stop-patience=2"));
        assertTrue(cross.getMessage().contains("--set early-stop-patience=2 watches"), cross.getMessage());
        assertFalse(cross.getMessage().contains("--val-ratio"), "%jobs copy has no --val-ratio: " + cross.getMessage());
        assertTrue(JTune.workspace().findJob("flow-x").isEmpty() && JTune.workspace().findJob("flow-y").isEmpty());
    }

    @Test
    @Order(3)
    void lossJobsAndLogs() throws Exception {
        FakeContext loss = run(new LossMagic(), "flow --val --lr");
        assertTrue(loss.bundles().get(0).data().containsKey(MimeBundle.PNG));
        assertTrue(loss.text().contains("training loss"), loss.text());
        FakeContext jobs = run(new JobsMagic(), "");
        assertTrue(jobs.text().contains("flow") && jobs.text().contains("succeeded"), jobs.text());
        FakeContext show = run(new JobsMagic(), "show flow");
        assertTrue(show.text().contains("best validation loss"), show.text());
        FakeContext logs = run(new JobsMagic(), "logs flow --tail 3");
        assertTrue(logs.text().contains("status succeeded"), logs.text());
        FakeContext copy = run(new JobsMagic(), "copy flow flow-copy --set max-steps=2 --set lr=1e-3");
        assertTrue(copy.text().contains("started it in the background"), copy.text());
        var copied = JTune.session().jobs().running("flow-copy");
        if (copied.isPresent()) {
            copied.get().await();
        }
        assertEquals(JobState.SUCCEEDED, JTune.job("flow-copy").status().state());
        assertEquals(1e-3, JTune.job("flow-copy").config().lr());
        run(new JobsMagic(), "delete flow-copy");
        assertTrue(JTune.workspace().findJob("flow-copy").isEmpty());
        MagicException ghost = assertThrows(MagicException.class, () -> run(new JobsMagic(), "show ghost"));
        assertTrue(ghost.getMessage().contains("flow"), ghost.getMessage());
    }

    @Test
    @Order(4)
    void publishChatAndEval() throws Exception {
        FakeContext publish = run(new PublishMagic(), "flow --name flow-bot");
        assertTrue(publish.text().contains("Published flow-bot"), publish.text());
        assertTrue(Files.exists(dir.resolve("jtune-workspace/models/flow-bot/config.json")));
        FakeContext chat = run(new ChatMagic(), "tiny,flow-bot --max-new-tokens 4 Lost my card");
        assertTrue(chat.text().contains("── tiny ──") && chat.text().contains("── flow-bot ──"), chat.text());
        FakeContext jobChat = run(new ChatMagic(), "flow --max-new-tokens 2 hello");
        assertTrue(jobChat.text().contains("── flow ──"), jobChat.text());
        FakeContext eval = run(new EvalMagic(), "tiny,flow-bot --data intents-test --limit 4");
        assertTrue(eval.text().contains("Accuracy on intents-test"), eval.text());
        assertTrue(eval.text().matches("(?s).*flow-bot\\s+exact\\s+\\d+\\s+4\\s+[\\d.]+%.*"), eval.text());
    }

    @Test
    @Order(5)
    void interruptStopsTheJobWithACheckpoint() throws Exception {
        FakeContext context = new FakeContext(dir);
        var pool = Executors.newSingleThreadExecutor();
        Future<?> cell = pool.submit(() -> {
            new FinetuneMagic().run(FakeContext.line("finetune",
                    "--base tiny --data intents --name stopme --max-steps 400 --log-steps 1 --save-steps 1000"), context);
            return null;
        });
        while (JTune.session().jobs().running("stopme").map(h -> h.job().status().step() < 2).orElse(true)) {
            Thread.sleep(200);
        }
        context.cancel();
        cell.get();
        pool.shutdown();
        assertEquals(JobState.STOPPED, JTune.job("stopme").status().state());
        assertTrue(!JTune.job("stopme").checkpoints().isEmpty(), "a checkpoint was saved on stop");
        assertTrue(context.text().contains("--resume stopme"), context.text());
    }

    @Test
    @Order(6)
    void backgroundJobsReturnAtOnceAndChatUsesTheirNewestCheckpoint() throws Exception {
        FakeContext context = run(new FinetuneMagic(),
                "--base tiny --data intents --name bg --max-steps 40 --save-steps 2 --log-steps 1 --background");
        assertTrue(context.text().contains("in the background"), context.text());
        while (JTune.job("bg").checkpoints().isEmpty() && !JTune.job("bg").status().state().equals(JobState.SUCCEEDED)) {
            Thread.sleep(100);
        }
        boolean stillTraining = JTune.session().jobs().running("bg").isPresent();
        FakeContext chat = run(new ChatMagic(), "bg --max-new-tokens 2 hello");
        assertTrue(chat.text().contains("── bg ──") && chat.text().contains("tokens"), chat.text());
        System.out.println("chatted with bg while it trained: " + stillTraining);
        JTune.session().jobs().running("bg").ifPresent(h -> {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(JobState.SUCCEEDED, JTune.job("bg").status().state());
    }
}
