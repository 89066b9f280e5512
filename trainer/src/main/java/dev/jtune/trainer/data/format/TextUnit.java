package dev.jtune.trainer.data.format;

/**
 * How a plain .txt file is cut into examples. The default is {@link #LINE}: it streams, keeps examples short,
 * and matches files like the sample corpus (one sentence per line, no blank lines). {@link #PARAGRAPH} suits
 * prose, where blank lines separate passages.
 */
public enum TextUnit {
    /** Every non-blank line is an example. */
    LINE,
    /** Consecutive non-blank lines, joined with '\n', are an example; blank lines separate examples. */
    PARAGRAPH
}
