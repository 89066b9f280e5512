package dev.jtune.trainer.runtime;

import dev.jtune.trainer.generate.GenerationResult;

/**
 * One generated assistant turn.
 *
 * @param text       the answer, special tokens left out
 * @param tokens     how many tokens were generated (EOS excluded)
 * @param stopReason why generation ended (EOS, the token limit, an interrupt)
 * @param seconds    wall time of the generation
 */
public record ChatReply(String text, int tokens, GenerationResult.StopReason stopReason, double seconds) {
}
