package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Training metrics of one log step.
 *
 * @param loss           mean training loss over the steps since the previous log step
 * @param lr             learning rate used at this step
 * @param gradNorm       gradient norm before clipping at this step
 * @param tokens         tokens seen since the start of the job
 * @param tokensPerSecond throughput over the steps since the previous log step
 * @param elapsedSeconds training time since the start of the job (resumes add up)
 */
public record StepMetrics(long step, double epoch, double loss, double lr,
                          @JsonProperty("grad_norm") double gradNorm, long tokens,
                          @JsonProperty("tokens_per_s") double tokensPerSecond,
                          @JsonProperty("elapsed_s") double elapsedSeconds) implements JobEvent {
}
