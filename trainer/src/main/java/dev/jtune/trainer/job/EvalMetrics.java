package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation loss (token-weighted mean over the whole validation set; for DPO the mean pair loss) at a step, and
 * the stage's own validation metrics by TRL's names with an {@code eval_} prefix (a DPO job's
 * {@code eval_rewards/accuracies}, ...).
 */
public record EvalMetrics(long step, double epoch, @JsonProperty("val_loss") double valLoss,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> metrics)
        implements JobEvent {

    /** Validation metrics are named as the training metrics with this prefix, as TRL does. */
    public static final String PREFIX = "eval_";

    public EvalMetrics {
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public EvalMetrics(long step, double epoch, double valLoss) {
        this(step, epoch, valLoss, Map.of());
    }
}
