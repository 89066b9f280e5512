package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.HfCheckpoints;

import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobEvent;
import dev.jtune.trainer.job.StepMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Following external engines from their files: LLaMA-Factory's trainer_log.jsonl, complete checkpoints only. */
class EngineProgressTest {

    @TempDir
    Path dir;

    @Test
    void llamaFactoryLogGivesStepsLossesAndValidation() throws Exception {
        EngineProgress p = EngineProgress.fromTrainerLog(Path.of("src/test/fixtures/llamafactory/trainer_log.jsonl"));
        assertEquals(15, p.step(), "the torn last line is skipped");
        assertEquals(20, p.totalSteps());
        List<StepMetrics> steps = p.events().stream().filter(StepMetrics.class::isInstance)
                .map(StepMetrics.class::cast).toList();
        assertEquals(List.of(5L, 10L, 15L), steps.stream().map(StepMetrics::step).toList());
        assertEquals(1.9021, steps.get(1).loss(), 1e-9);
        assertEquals(3.5e-05, steps.get(1).lr(), 1e-12);
        assertEquals(14.0, steps.get(1).elapsedSeconds());
        assertEquals(25920, steps.get(1).tokens());
        List<JobEvent> evals = p.events().stream().filter(EvalMetrics.class::isInstance).toList();
        assertEquals(1, evals.size());
        assertEquals(1.8723, ((EvalMetrics) evals.get(0)).valLoss(), 1e-9);
        assertEquals(93784.5, EngineProgress.seconds("1 day, 2:03:04.5"));
    }

    private static void checkpoint(Path output, int step, byte[] weights, boolean state) throws Exception {
        Path c = Files.createDirectories(output.resolve("checkpoint-" + step));
        Files.writeString(c.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        Files.write(c.resolve("adapter_model.safetensors"), weights);
        if (state) {
            Files.writeString(c.resolve("trainer_state.json"), "{\"global_step\": " + step + ", \"log_history\": []}");
        }
    }

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void aCheckpointCountsOnlyWhenComplete() throws Exception {
        Path output = dir.resolve("output");
        byte[] good = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        checkpoint(output, 2, good, true);
        checkpoint(output, 4, good, false);                                   // no trainer state yet
        checkpoint(output, 6, java.util.Arrays.copyOf(good, 20), true);       // header cut short
        checkpoint(output, 8, safetensors("not json", 0), true);              // header is not JSON
        checkpoint(output, 10, good, true);
        assertEquals(List.of(2L, 10L), HfCheckpoints.complete(output).stream().map(HfCheckpoints::step).toList());
        assertTrue(HfCheckpoints.safetensorsHeaderParses(output.resolve("checkpoint-2/adapter_model.safetensors")));
        assertFalse(HfCheckpoints.isComplete(output.resolve("checkpoint-4")));
    }
}
