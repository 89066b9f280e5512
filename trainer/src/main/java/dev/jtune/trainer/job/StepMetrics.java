package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training metrics of one log step.
 *
 * @param loss           mean training loss over the steps since the previous log step
 * @param lr             learning rate used at this step
 * @param gradNorm       gradient norm before clipping at this step
 * @param tokens         tokens seen since the start of the job
 * @param tokensPerSecond throughput over the steps since the previous log step
 * @param elapsedSeconds training time since the start of the job (resumes add up)
 * @param metrics        the stage's own metrics over the same steps, by TRL's names (a DPO job's
 *                       {@code rewards/accuracies}, ...); empty for SFT
 */
public record StepMetrics(long step, double epoch, double loss, double lr,
                          @JsonProperty("grad_norm") double gradNorm, long tokens,
                          @JsonProperty("tokens_per_s") double tokensPerSecond,
                          @JsonProperty("elapsed_s") double elapsedSeconds,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> metrics)
        implements JobEvent {

    public StepMetrics {
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A log step with no metrics beyond the loss (SFT). */
    public StepMetrics(long step, double epoch, double loss, double lr, double gradNorm, long tokens,
                       double tokensPerSecond, double elapsedSeconds) {
        this(step, epoch, loss, lr, gradNorm, tokens, tokensPerSecond, elapsedSeconds, Map.of());
    }
}
