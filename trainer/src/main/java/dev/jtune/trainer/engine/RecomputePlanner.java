package dev.jtune.trainer.engine;

import ai.djl.Device;
import dev.jtune.trainer.model.ModelConfig;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides, per batch shape, whether steps recompute activations ({@link GradCheckpointing}): ON and OFF are
 * taken as given; AUTO recomputes when {@link ActivationEstimate#withoutRecompute()} exceeds a budget of
 * {@link #BUDGET_FRACTION} of the device's headroom. Any setting fails a batch whose estimate with recompute
 * exceeds the whole headroom, before it runs, naming what to lower. The headroom is read once per new shape.
 */
public final class RecomputePlanner {

    /** Share of the headroom AUTO lets one step's activations take; the rest is for the allocator's slack (the
     * reasons say "half", so change them with it). */
    public static final double BUDGET_FRACTION = 0.5;

    private final GradCheckpointing setting;
    private final ModelConfig config;
    private final int bytesPerElement;
    private final int loraRank;
    private final LongSupplier headroom;
    private final Map<Long, RecomputeDecision> decisions = new HashMap<>();
    private RecomputeDecision last;

    /**
     * @param loraRank LoRA rank, or 0 for a full update
     * @param headroom bytes a step may still take on the device (see {@link MemoryHeadroom})
     */
    public RecomputePlanner(GradCheckpointing setting, ModelConfig config, int bytesPerElement, int loraRank,
                            LongSupplier headroom) {
        this.setting = setting;
        this.config = config;
        this.bytesPerElement = bytesPerElement;
        this.loraRank = loraRank;
        this.headroom = headroom;
    }

    /** The planner of a tuner that trains {@code config} as {@code spec} says, in {@code bytesPerElement} bytes. */
    static RecomputePlanner of(FineTuneSpec spec, ModelConfig config, int bytesPerElement, LongSupplier headroom) {
        return new RecomputePlanner(spec.gradCheckpointing(), config, bytesPerElement,
                spec.method() == FineTuneSpec.Method.LORA ? spec.loraRank() : 0, headroom);
    }

    /**
     * What a tuner for {@code config} on {@code device} would decide for micro-batches of {@code rows} × {@code t}
     * tokens, before the model is loaded (job plans): the headroom is today's, less what the weights, and for a
     * full update their gradients and AdamW state, will take. Throws {@link InsufficientMemoryException} as a step
     * of that shape would.
     */
    public static RecomputeDecision preview(FineTuneSpec spec, ModelConfig config, Device device, int rows, int t) {
        int bytes = DjlFineTuner.computeType(spec.precision()).getNumOfBytes();
        long now = MemoryHeadroom.of(device);
        long resident = residentBytes(config, bytes, spec.method() == FineTuneSpec.Method.FULL);
        LongSupplier headroom = () -> now == MemoryHeadroom.UNKNOWN ? now : Math.max(0, now - resident);
        return of(spec, config, bytes, headroom).decide(rows, t);
    }

    /** Weights in the compute dtype, plus a gradient and FP32 master, m and v per weight for a full update. */
    static long residentBytes(ModelConfig c, int bytesPerElement, boolean fullUpdate) {
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long d = c.hiddenSize();
        long layer = d * (q + 2 * kv) + q * d + 3 * d * c.intermediateSize() + 2 * d;
        long params = (long) c.numLayers() * layer + (c.tieWordEmbeddings() ? 1 : 2) * (long) c.vocabSize() * d + d;
        return params * (bytesPerElement + (fullUpdate ? bytesPerElement + 12 : 0));
    }

    /** The decision for micro-batches of {@code rows} × {@code t} tokens. */
    public RecomputeDecision decide(int rows, int t) {
        RecomputeDecision d = decisions.computeIfAbsent(((long) rows << 32) | t, k -> plan(rows, t));
        last = d;
        return d;
    }

    /** The latest decision, or null before the first step. */
    public RecomputeDecision last() {
        return last;
    }

    private RecomputeDecision plan(int rows, int t) {
        ActivationEstimate e = ActivationEstimate.of(config, rows, t, bytesPerElement, loraRank);
        long available = headroom.getAsLong();
        if (available == MemoryHeadroom.UNKNOWN) {
            return setting == GradCheckpointing.ON
                    ? new RecomputeDecision(true, "--grad-checkpointing on (free memory unknown)")
                    : new RecomputeDecision(false, "--grad-checkpointing " + setting.flagName()
                    + ": the device's free memory is unknown; about " + gib(e.withoutRecompute())
                    + " of activations without recompute");
        }
        if (setting != GradCheckpointing.OFF && e.withRecompute() > available
                || setting == GradCheckpointing.OFF && e.withoutRecompute() > available) {
            long need = setting == GradCheckpointing.OFF ? e.withoutRecompute() : e.withRecompute();
            throw new InsufficientMemoryException(String.format(Locale.ROOT, "a batch of %d x %d tokens needs "
                    + "about %s of activations%s but only %s is free: lower the batch size or --max-seq-len%s.",
                    rows, t, gib(need), setting == GradCheckpointing.OFF ? " without recompute" : " even with "
                    + "activation recompute", gib(available), setting == GradCheckpointing.OFF
                    ? ", or turn on --grad-checkpointing (about " + gib(e.withRecompute()) + ")"
                    : " (activations grow with rows x tokens, and attention with tokens squared)"));
        }
        long budget = (long) (BUDGET_FRACTION * available);
        return switch (setting) {
            case ON -> new RecomputeDecision(true, "--grad-checkpointing on: about " + gib(e.withRecompute())
                    + " of activations instead of " + gib(e.withoutRecompute()));
            case OFF -> new RecomputeDecision(false, "--grad-checkpointing off: about "
                    + gib(e.withoutRecompute()) + " of activations");
            case AUTO -> e.withoutRecompute() > budget
                    ? new RecomputeDecision(true, "auto: about " + gib(e.withoutRecompute()) + " of activations "
                    + "exceed the budget of " + gib(budget) + ", half of the " + gib(available) + " free; with "
                    + "recompute about " + gib(e.withRecompute()))
                    : new RecomputeDecision(false, "auto: about " + gib(e.withoutRecompute()) + " of activations "
                    + "fit the budget of " + gib(budget) + ", half of the " + gib(available) + " free");
        };
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
    }
}
