package dev.jtune.trainer.text;

/**
 * The reasoning a thinking model (Qwen3, SmolLM3) writes before its answer, in a {@code <think>…</think>} block.
 * What is scored as the answer is the text after the block, split the way Qwen3's own template splits an
 * assistant message into {@code reasoning_content} and {@code content}: after the last {@code </think>}, leading
 * newlines dropped.
 */
public final class ReasoningBlock {

    public static final String CLOSE = "</think>";

    private ReasoningBlock() {
    }

    /** {@code generated} without its reasoning block; unchanged when it has none. */
    public static String answer(String generated) {
        int end = generated.lastIndexOf(CLOSE);
        if (end < 0) {
            return generated;
        }
        String rest = generated.substring(end + CLOSE.length());
        int i = 0;
        while (i < rest.length() && rest.charAt(i) == '\n') {
            i++;
        }
        return rest.substring(i);
    }
}
