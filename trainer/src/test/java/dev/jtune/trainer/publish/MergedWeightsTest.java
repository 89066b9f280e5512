package dev.jtune.trainer.publish;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.io.CheckpointTensors;
import dev.jtune.trainer.job.Checkpoint;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full update's merge is its checkpoint's weights, written without a trainer (no optimizer is built). */
class MergedWeightsTest {

    @TempDir
    Path workspace;

    @Test
    void fullUpdateMergeHoldsTheTrainedWeights() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobStatus s = rt.jobs().start(JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents", "name", "full",
                    "method", "full", "max-steps", "1", "max-samples", "8", "batch-size", "4",
                    "lr", "1e-2", "scheduler", "constant"))).await();
            assertEquals(JobState.SUCCEEDED, s.state(), s.message());
            Checkpoint checkpoint = rt.workspace().job("full").checkpoint("last");
            ResolvedModel base = rt.resolver().resolve("tiny");
            Path out = workspace.resolve("merged");
            new MergedWeights().writeMerged(base.baseFolder(), checkpoint.path(), out);
            try (CheckpointTensors merged = CheckpointTensors.open(out);
                 CheckpointTensors trained = CheckpointTensors.open(checkpoint.path());
                 CheckpointTensors original = CheckpointTensors.open(base.baseFolder())) {
                boolean anyChanged = false;
                for (String name : trained.tensors().keySet()) {
                    float[] m = merged.readFloats(name);
                    assertArrayEquals(trained.readFloats(name), m, name);
                    anyChanged |= !Arrays.equals(original.readFloats(name), m);
                }
                assertTrue(anyChanged, "one step at lr 1e-2 changed some weight, so the merge did not copy the base");
            }
        }
    }
}
