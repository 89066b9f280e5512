package dev.jtune.trainer.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings the model or the data cannot honour: refused when they make no sense, warned about when doubtful. */
class PreflightTest {

    @TempDir
    Path root;

    private Path model(String name, String extraConfig) throws Exception {
        Path dir = JobRig.tinyFolder(root.resolve("bases").resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"max_position_embeddings\": 64"
                + extraConfig + "}");
        return dir;
    }

    private static final class Warnings implements JobListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void warning(String job, String message) {
            seen.add(message);
        }
    }

    @Test
    void aSequenceLengthBeyondTheModelsPositionsIsRefused() throws Exception {
        JobRig rig = new JobRig(root);
        Path base = model("short", "");
        JobStatus s = rig.manager.start(JobRig.config("long", "base", base.toString(), "max-seq-len", "1000000",
                "batch-size", "1")).await();
        assertEquals(JobState.FAILED, s.state());
        assertTrue(s.message().contains("--max-seq-len 1000000 is beyond the 64 positions")
                && s.message().contains("max_position_embeddings") && s.message().contains("--max-seq-len 64 or less"),
                s.message());
        assertEquals(0, s.step());
    }

    @Test
    void aRopeScaledModelOnlyWarns() throws Exception {
        JobRig rig = new JobRig(root);
        Path base = model("scaled", ", \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4.0}");
        Warnings warnings = new Warnings();
        JobStatus s = rig.manager.start(JobRig.config("stretched", "base", base.toString(), "max-seq-len", "200",
                "batch-size", "1"), warnings).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        assertEquals(1, warnings.seen.size(), warnings.seen.toString());
        assertTrue(warnings.seen.get(0).contains("RoPE scaling (type yarn, factor 4.0)"), warnings.seen.get(0));
    }

    @Test
    void aBatchLargerThanTheDatasetIsWarned() throws Exception {
        JobRig rig = new JobRig(root);
        Warnings warnings = new Warnings();
        JobStatus s = rig.manager.start(JobRig.config("big-batch", "batch-size", "32"), warnings).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        assertEquals(List.of("--batch-size 32 is larger than the 5 training examples: each step trains on all of "
                + "them at once; use --batch-size 5 or less (or more data)"), warnings.seen);
        Warnings none = new Warnings();
        rig.manager.start(JobRig.config("small-batch", "batch-size", "5"), none).await();
        assertEquals(List.of(), none.seen);
    }
}
