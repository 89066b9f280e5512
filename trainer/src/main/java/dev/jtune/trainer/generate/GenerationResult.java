package dev.jtune.trainer.generate;

/**
 * @param tokens     generated ids (EOS excluded, stop sequences included)
 * @param stopReason why generation ended
 */
public record GenerationResult(int[] tokens, StopReason stopReason) {

    public enum StopReason { EOS, STOP_SEQUENCE, MAX_TOKENS, INTERRUPTED }
}
