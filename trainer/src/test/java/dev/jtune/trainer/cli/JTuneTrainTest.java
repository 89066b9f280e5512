package dev.jtune.trainer.cli;

import dev.jtune.trainer.testing.TestData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI end to end on the tiny model: finetune, jobs, publish, eval, chat, and errors as sentences. */
class JTuneTrainTest {

    private static final Path DATASETS = TestData.datasets();

    @TempDir
    Path workspace;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine cli = JTuneTrain.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void finetunePublishEvaluateChatAndList() {
        String ws = workspace.toString();
        String train = DATASETS.resolve("intents-train.jsonl").toString();
        String test = DATASETS.resolve("intents-test.jsonl").toString();
        Run ft = run("finetune", "-w", ws, "--base", "tiny", "--data", train, "--name", "cli", "--max-steps", "2",
                "--batch-size", "2", "--max-samples", "8", "--val-ratio", "0", "--log-steps", "1");
        assertEquals(0, ft.code(), ft.out() + ft.err());
        assertTrue(ft.out().contains("cli: step 2"), ft.out());
        assertTrue(Files.isDirectory(workspace.resolve("jobs/cli/checkpoint-2")));

        Run jobs = run("jobs", "-w", ws);
        assertTrue(jobs.out().contains("cli") && jobs.out().contains("succeeded"), jobs.out());

        Run pub = run("publish", "cli", "-w", ws, "--name", "cli-model");
        assertEquals(0, pub.code(), pub.out() + pub.err());
        assertTrue(Files.isRegularFile(workspace.resolve("models/cli-model/model.safetensors")));

        Run eval = run("eval", "cli-model", "-w", ws, "--data", test, "--limit", "2");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        assertTrue(eval.out().contains("/2 = "), eval.out());
        assertTrue(eval.out().contains("on the first 2 of all 60 examples of intents-test"), eval.out());
        assertTrue(Files.isRegularFile(workspace.resolve("jobs/cli/eval-intents-test-all.json")),
                "kept with the job the model was published from");
        Run scores = run("eval", "cli", "-w", ws, "--data", test, "--limit", "2", "--metric", "rouge-l,bleu,loss");
        assertEquals(0, scores.code(), scores.out() + scores.err());
        assertTrue(scores.out().matches("(?s).*rouge-l [\\d.]+\\s+bleu [\\d.]+\\s+loss [\\d.]+ \\(perplexity [\\d.]+\\).*"),
                scores.out());
        Run badSplit = run("eval", "cli", "-w", ws, "--data", test, "--split", "val");
        assertEquals(2, badSplit.code(), badSplit.out() + badSplit.err());
        assertTrue(badSplit.err().contains("--split val") && badSplit.err().contains("--split all"), badSplit.err());

        Run chat = run("chat", "cli", "-w", ws, "--max-new-tokens", "3", "hello");
        assertEquals(0, chat.code(), chat.out() + chat.err());
        assertTrue(chat.out().contains("tokens,"), chat.out());
    }

    @Test
    void badInputIsASentenceAndExitCode2() {
        Run bad = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", "nowhere.jsonl");
        assertEquals(2, bad.code(), "unknown data is refused before a job starts: " + bad.out() + bad.err());
        assertTrue(bad.err().contains("--data nowhere.jsonl"), bad.err());
        assertFalse(Files.exists(workspace.resolve("jobs")) && workspace.resolve("jobs").toFile().list().length > 0,
                "no job folder is left behind");

        Run lr = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", "x", "--lr", "-1");
        assertEquals(2, lr.code(), lr.out() + lr.err());
        assertTrue(lr.err().contains("lr"), lr.err());

        Run noJob = run("publish", "ghost", "-w", workspace.toString());
        assertEquals(2, noJob.code());
        assertTrue(noJob.err().contains("no job named 'ghost'"), noJob.err());
    }

    @Test
    void dryRunPrintsThePlanAndCreatesNoJob() {
        String train = DATASETS.resolve("intents-train.jsonl").toString();
        Run dry = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", train, "--name", "dry",
                "--max-samples", "12", "--batch-size", "4", "--grad-accum", "3", "--epochs", "2", "--val-ratio", "0",
                "--dry-run");
        assertEquals(0, dry.code(), dry.out() + dry.err());
        // 12 examples in batches of 4 = 3 micro-batches, accumulated by 3 = 1 step per epoch, 2 epochs
        assertTrue(dry.out().contains("optimizer steps   2 (1 per epoch"), dry.out());
        assertTrue(dry.out().contains(" * grad-accum"), "what the user set is marked: " + dry.out());
        assertTrue(dry.out().contains("timed 2 steps now"), dry.out());
        assertTrue(dry.out().contains("grad checkpointing off (auto: about "), dry.out());
        assertTrue(dry.out().contains("for micro-batches of up to 4 × "), dry.out());
        assertFalse(Files.exists(workspace.resolve("jobs/dry")), "a dry run creates no job folder");
    }

    @Test
    void errorsNameCommandsThatExistInATerminal() {
        String train = DATASETS.resolve("intents-train.jsonl").toString();
        Run first = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", train, "--name", "twice",
                "--max-steps", "1", "--max-samples", "4", "--batch-size", "2", "--val-ratio", "0");
        assertEquals(0, first.code(), first.out() + first.err());
        Run again = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", train, "--name", "twice",
                "--max-steps", "1");
        assertEquals(2, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("jtune-train jobs delete twice"), again.err());
        assertFalse(again.err().contains("%jobs"), "a terminal has no magics: " + again.err());

        Run noData = run("finetune", "-w", workspace.toString(), "--base", "tiny", "--data", "nowhere.jsonl");
        assertFalse(noData.err().contains("%dataset"), noData.err());
    }
}
