package dev.jtune.trainer.engine;

import dev.jtune.trainer.bench.ModelPresets;
import dev.jtune.trainer.model.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecomputePlannerTest {

    private static final long GIB = 1L << 30;

    @Test
    void settingParsesItsThreeChoicesAndNamesThemOtherwise() {
        assertEquals(GradCheckpointing.ON, GradCheckpointing.parse("On"));
        assertEquals(GradCheckpointing.AUTO, GradCheckpointing.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheckpointing.parse("maybe"));
        assertTrue(e.getMessage().contains("auto, on, off") && e.getMessage().contains("'maybe'"), e.getMessage());
    }

    @Test
    void estimateGrowsLinearlyWithRecomputeAndFasterWithout() throws Exception {
        ModelConfig qwen = ModelPresets.resolve("qwen2.5-0.5b");
        ActivationEstimate t512 = ActivationEstimate.of(qwen, 1, 512, 4, 16);
        ActivationEstimate t2048 = ActivationEstimate.of(qwen, 1, 2048, 4, 16);
        assertTrue(t512.withRecompute() < t512.withoutRecompute() / 4, t512.toString());
        assertTrue(t2048.withoutRecompute() > 4 * t512.withoutRecompute(), "attention is quadratic in T");
        assertTrue(t2048.withRecompute() < 8 * t512.withRecompute(), "one layer's attention only");
    }

    @Test
    void autoRecomputesOnlyWhenTheActivationsExceedHalfTheHeadroom() throws Exception {
        ModelConfig qwen = ModelPresets.resolve("qwen2.5-0.5b");
        long without = ActivationEstimate.of(qwen, 1, 512, 4, 16).withoutRecompute();
        RecomputeDecision roomy = new RecomputePlanner(GradCheckpointing.AUTO, qwen, 4, 16, () -> 3 * without)
                .decide(1, 512);
        assertFalse(roomy.recompute(), roomy.describe());
        RecomputeDecision tight = new RecomputePlanner(GradCheckpointing.AUTO, qwen, 4, 16, () -> without)
                .decide(1, 512);
        assertTrue(tight.recompute(), tight.describe());
        assertTrue(tight.describe().startsWith("on (auto: "), tight.describe());
        assertTrue(new RecomputePlanner(GradCheckpointing.ON, qwen, 4, 16, () -> 100 * GIB).decide(1, 8).recompute());
        assertFalse(new RecomputePlanner(GradCheckpointing.OFF, qwen, 4, 16, () -> 100 * GIB).decide(1, 8)
                .recompute());
    }

    @Test
    void unknownFreeMemoryLeavesAutoOffAndChecksNothing() throws Exception {
        ModelConfig qwen = ModelPresets.resolve("qwen2.5-0.5b");
        RecomputeDecision d = new RecomputePlanner(GradCheckpointing.AUTO, qwen, 4, 16,
                () -> MemoryHeadroom.UNKNOWN).decide(64, 4096);
        assertFalse(d.recompute(), d.describe());
        assertTrue(d.reason().contains("unknown"), d.reason());
    }

    @Test
    void aBatchThatCannotFitEvenWithRecomputeFailsNamingTheEstimateAndWhatToLower() throws Exception {
        ModelConfig qwen = ModelPresets.resolve("qwen2.5-0.5b");
        RecomputePlanner planner = new RecomputePlanner(GradCheckpointing.AUTO, qwen, 4, 16, () -> GIB);
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> planner.decide(8, 4096));
        assertTrue(e.getMessage().contains("8 x 4096") && e.getMessage().contains("even with activation recompute")
                && e.getMessage().contains("batch size") && e.getMessage().contains("--max-seq-len")
                && e.getMessage().contains("GiB"), e.getMessage());
    }
}
