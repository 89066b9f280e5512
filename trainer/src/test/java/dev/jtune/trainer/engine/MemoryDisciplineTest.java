package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.generate.LanguageModel;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.generate.TokenListener;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long run must not accumulate NDArrays or native memory: every step and generation frees what it made. */
class MemoryDisciplineTest {

    private static int liveArrays() {
        return Engine.getEngine("PyTorch").newBaseManager().getParentManager().getManagedArrays().size();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** Both backward paths; with recompute, attention also runs in query blocks (the fixture's T fits one). */
    @ParameterizedTest
    @EnumSource(value = GradCheckpointing.class, names = {"OFF", "ON"})
    void manyStepsEvaluationsAndGenerationsDoNotGrowMemory(GradCheckpointing recompute, @TempDir Path tmp)
            throws Exception {
        Fixture f = Fixture.all().findFirst().orElseThrow();
        Batch batch = f.paddedBatch();
        FineTuneSpec spec = new FineTuneSpec(FineTuneSpec.Method.LORA, 8, 16, 0.1, List.of("all-linear"), false,
                4.0, 0.01, 0.9, 0.999, 1e-8, 1.0, FineTuneSpec.Precision.FP32, 3, recompute);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), spec, Device.cpu())) {
            if (recompute == GradCheckpointing.ON) {
                tuner.model().setQueryBlock(5);
            }
            LanguageModel lm = LanguageModel.wrap(tuner.model());
            SamplingParams sampling = new SamplingParams(8, 0.8, 20, 0.9, 1.1, 1, Set.of(-1), List.of());
            Runnable round = () -> {
                tuner.step(List.of(batch, f.singleBatch()), 1e-3);
                tuner.evaluate(batch);
                lm.generate(f.ints("generation_prompt_ids"), sampling, TokenListener.NONE);
            };
            for (int i = 0; i < 10; i++) {
                round.run();
            }
            tuner.save(tmp.resolve("ckpt"));
            tuner.restore(tmp.resolve("ckpt"), true);
            int arraysBefore = liveArrays();
            long early = Long.MAX_VALUE;
            long late = Long.MAX_VALUE;
            for (int i = 0; i < 150; i++) {
                round.run();
                if (i % 10 == 9) {
                    // The lowest resident size of a phase, after GC: the allocator's arenas swing by tens of MiB
                    // from one sample to the next, a leak raises the floor.
                    System.gc();
                    if (i < 50) {
                        early = Math.min(early, rssKb());
                    } else if (i >= 100) {
                        late = Math.min(late, rssKb());
                    }
                }
            }
            tuner.save(tmp.resolve("ckpt"));
            tuner.restore(tmp.resolve("ckpt"), true);
            assertEquals(arraysBefore, liveArrays(), "live NDArrays after 150 more steps and a save/restore");
            // One step's activations here are about 1 MiB: leaking them would raise the floor by 50+ MiB.
            assertTrue(late - early < 40 * 1024, "resident memory floor grew by " + (late - early) / 1024
                    + " MiB between steps 0-50 and 100-150");
        }
    }
}
