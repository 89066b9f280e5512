package dev.jtune.trainer.data.stats;

import java.time.Duration;

/**
 * Token counts of a dataset under a model's tokenizer and chat template.
 *
 * @param examples              examples counted
 * @param turns                 messages over all conversations (a text counts as one)
 * @param totalTokens           tokens of the rendered examples, before truncation
 * @param trainedTokens         tokens that carry loss weight, before truncation
 * @param tokensAfterTruncation tokens a training epoch processes (each example cut to maxSeqLen)
 * @param lengths               per-example token lengths before truncation
 * @param maxSeqLen             the truncation length the over-length figures refer to (0: none)
 * @param overLength            examples longer than maxSeqLen
 * @param trainedTokensCut      trained tokens that truncation removes
 * @param fullyCut              examples whose trained tokens all lie past maxSeqLen (training drops them)
 */
public record DatasetStats(long examples, long turns, long totalTokens, long trainedTokens, long tokensAfterTruncation,
                           LengthDistribution lengths, int maxSeqLen, long overLength, long trainedTokensCut,
                           long fullyCut) {

    /** Tokens processed over {@code epochs} epochs: what hosted consoles bill, and what a time estimate scales with. */
    public long tokensForEpochs(double epochs) {
        return Math.round(tokensAfterTruncation * epochs);
    }

    /** Wall time for {@code epochs} at a measured or assumed throughput (tokens per second). */
    public Duration estimatedTime(double epochs, double tokensPerSecond) {
        if (!(tokensPerSecond > 0)) {
            throw new IllegalArgumentException("tokens per second must be positive, not " + tokensPerSecond);
        }
        return Duration.ofMillis(Math.round(tokensForEpochs(epochs) / tokensPerSecond * 1000));
    }

    /** Price at {@code pricePerMillionTokens} for {@code epochs} epochs. */
    public double estimatedCost(double epochs, double pricePerMillionTokens) {
        return tokensForEpochs(epochs) / 1e6 * pricePerMillionTokens;
    }
}
