package dev.jtune.trainer.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuner;
import dev.jtune.trainer.engine.LossSum;
import dev.jtune.trainer.engine.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-parameter "model" trained by momentum SGD on a quadratic loss, so that its loss curve depends on the
 * learning rate, the data order and the optimizer state: resume equivalence fails if any of them is not restored.
 * Targets come from the batch's first token id.
 */
final class FakeFineTuner implements FineTuner {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Knobs a test sets before the job starts. */
    static final class Knobs {
        volatile int nanAtCall = -1;
        volatile int oomAtCall = -1;
        /** Thrown by the step of call {@link #failAtCall}, as the engine would throw it. */
        volatile java.util.function.Supplier<RuntimeException> failure;
        volatile int failAtCall = -1;
        volatile int diskFullAtSave = -1;
        volatile int saves;
        volatile CountDownLatch gate;
        volatile double valTarget = 0.5;
        volatile int calls;
        volatile Boolean lastRestoreWithOptimizer;
        /** When set, every merge waits here: concurrent publishes then reach their rename together. */
        volatile java.util.concurrent.CyclicBarrier mergeBarrier;
    }

    private final Knobs knobs;
    private double w;
    private double m;
    private long t;

    FakeFineTuner(Knobs knobs, long seed) {
        this.knobs = knobs;
        this.w = 3.0 + (seed % 5) * 0.1;
    }

    static double target(Batch b) {
        return b.inputIds()[0][0] / 10.0;
    }

    @Override
    public StepResult step(List<Batch> microBatches, double learningRate) {
        int call = ++knobs.calls;
        CountDownLatch gate = knobs.gate;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (call == knobs.failAtCall) {
            throw knobs.failure.get();
        }
        if (call == knobs.oomAtCall) {
            throw new OutOfMemoryError("Java heap space");
        }
        double loss = 0;
        double grad = 0;
        long tokens = 0;
        for (Batch b : microBatches) {
            double d = w - target(b);
            loss += d * d;
            grad += 2 * d;
            tokens += b.tokens();
        }
        loss /= microBatches.size();
        grad /= microBatches.size();
        m = 0.9 * m + grad;
        w -= learningRate * m;
        t++;
        if (call == knobs.nanAtCall) {
            loss = Double.NaN;
        }
        return new StepResult(loss, Math.abs(grad), tokens, microBatches.size(), false);
    }

    @Override
    public LossSum evaluate(Batch batch) {
        double d = w - knobs.valTarget;
        return new LossSum(d * d, 1);
    }

    @Override
    public void save(Path dir) throws IOException {
        if (++knobs.saves == knobs.diskFullAtSave) {
            Files.writeString(dir.resolve("fake.json"), "{\"w\": ");
            throw new IOException("No space left on device");
        }
        Files.writeString(dir.resolve("fake.json"), JSON.writeValueAsString(Map.of("w", w, "m", m, "t", t)));
        Files.writeString(dir.resolve("adapter_config.json"), "{\"r\": 4, \"lora_alpha\": 8}");
        Files.writeString(dir.resolve("adapter_model.safetensors"), "weights " + w);
    }

    /** The one weight a fake checkpoint folder holds. */
    static double weightIn(Path checkpoint) throws IOException {
        return ((Number) JSON.readValue(checkpoint.resolve("fake.json").toFile(), Map.class).get("w")).doubleValue();
    }

    @Override
    public void restore(Path dir, boolean withOptimizerState) throws IOException {
        Map<?, ?> s = JSON.readValue(dir.resolve("fake.json").toFile(), Map.class);
        w = ((Number) s.get("w")).doubleValue();
        m = withOptimizerState ? ((Number) s.get("m")).doubleValue() : 0;
        t = withOptimizerState ? ((Number) s.get("t")).longValue() : 0;
        knobs.lastRestoreWithOptimizer = withOptimizerState;
    }

    @Override
    public void saveMerged(Path dir) throws IOException {
        java.util.concurrent.CyclicBarrier barrier = knobs.mergeBarrier;
        if (barrier != null) {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("merge barrier: " + e, e);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.safetensors"), "merged " + w);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
    }

    double weight() {
        return w;
    }

    @Override
    public long trainableParameters() {
        return 1;
    }

    @Override
    public long totalParameters() {
        return 1;
    }

    @Override
    public void close() {
    }
}
