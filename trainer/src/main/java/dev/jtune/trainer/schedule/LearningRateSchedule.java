package dev.jtune.trainer.schedule;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A learning rate per optimizer step, computed exactly as transformers' LambdaLR schedules do: the rate used for
 * the update at step {@code s} (counting from 0) is {@code baseLr * lambda(s)}.
 *
 * @param type         schedule shape
 * @param baseLr       peak learning rate (the optimizer's lr)
 * @param warmupSteps  linear warmup from 0 over this many steps
 * @param totalSteps   optimizer steps of the whole run
 * @param numCycles    cosine waves: transformers' num_cycles (0.5 = half a wave for {@code cosine}; hard
 *                     restarts count for {@code cosine-restarts})
 * @param lrEnd        final rate of {@code polynomial}
 * @param power        exponent of {@code polynomial}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LearningRateSchedule(SchedulerType type, double baseLr, long warmupSteps, long totalSteps,
                                   double numCycles, double lrEnd, double power) {

    public LearningRateSchedule {
        if (warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("warmup and total steps must be >= 0, got " + warmupSteps
                    + " and " + totalSteps);
        }
        if (type == SchedulerType.POLYNOMIAL && !(baseLr > lrEnd)) {
            throw new IllegalArgumentException("--lr-end " + lrEnd + " must be smaller than --lr " + baseLr
                    + " for the polynomial schedule");
        }
    }

    /** Warmup steps from transformers' rule: explicit steps win, otherwise ceil(ratio × total). */
    public static long warmupSteps(int explicitSteps, double ratio, long totalSteps) {
        return explicitSteps > 0 ? explicitSteps : (long) Math.ceil(totalSteps * ratio);
    }

    public double learningRate(long step) {
        return baseLr * lambda(step);
    }

    /** The multiplier transformers' lambda functions return (same operation order, for bitwise-close floats). */
    public double lambda(long step) {
        double s = step;
        double w = warmupSteps;
        double t = totalSteps;
        switch (type) {
            case CONSTANT:
                return 1.0;
            case CONSTANT_WARMUP:
                return step < warmupSteps ? s / Math.max(1.0, w) : 1.0;
            case LINEAR:
                if (step < warmupSteps) {
                    return s / Math.max(1, warmupSteps);
                }
                return Math.max(0.0, (t - s) / Math.max(1, totalSteps - warmupSteps));
            case COSINE: {
                if (step < warmupSteps) {
                    return s / Math.max(1, warmupSteps);
                }
                double progress = (s - w) / Math.max(1, totalSteps - warmupSteps);
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress)));
            }
            case COSINE_RESTARTS: {
                if (step < warmupSteps) {
                    return s / Math.max(1, warmupSteps);
                }
                double progress = (s - w) / Math.max(1, totalSteps - warmupSteps);
                if (progress >= 1.0) {
                    return 0.0;
                }
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((numCycles * progress) % 1.0))));
            }
            case POLYNOMIAL: {
                if (step < warmupSteps) {
                    return s / Math.max(1, warmupSteps);
                }
                if (step > totalSteps) {
                    return lrEnd / baseLr;
                }
                double lrRange = baseLr - lrEnd;
                double decaySteps = t - w;
                double pctRemaining = 1 - (s - w) / decaySteps;
                double decay = lrRange * Math.pow(pctRemaining, power) + lrEnd;
                return decay / baseLr;
            }
            default:
                throw new IllegalStateException(type.name());
        }
    }
}
