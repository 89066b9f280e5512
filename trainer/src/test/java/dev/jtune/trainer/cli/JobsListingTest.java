package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.JobConfig;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtune-train jobs}: a job with a damaged config.json is listed as damaged with its reason, beside the others. */
class JobsListingTest {

    @TempDir
    Path workspace;

    private static final String STATUS = "{\"state\": \"succeeded\", \"step\": 3, \"total_steps\": 3}";

    private void job(String name, String config) throws Exception {
        Path dir = Files.createDirectories(workspace.resolve("jobs").resolve(name));
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("status.json"), STATUS);
    }

    @Test
    void aDamagedConfigIsNamedAndTheOtherJobsAreListed() throws Exception {
        String good = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d.jsonl", "name", "good")).toJson();
        job("good", good);
        job("broken", good.replace("\"name\" : \"good\"", "\"name\" : \"broken\"")
                .replaceFirst("\"lr\" : [0-9.eE-]+", "\"lr\" : \"fast\""));
        Files.createDirectories(workspace.resolve("jobs/good/checkpoint-3"));
        Files.writeString(workspace.resolve("jobs/good/checkpoint-3/trainer_state.json"), "{\"step\": ");

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine cli = JTuneTrain.commandLine();
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute("jobs", "-w", workspace.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out + err);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("good ") && l.contains("succeeded")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("broken ") && l.contains("damaged")), out);
        assertTrue(out.contains("config.json of job broken") && out.contains("fast"), out);
        assertTrue(out.contains("checkpoint 3 of job good is damaged") && out.contains("trainer_state.json"), out);
    }
}
