package dev.jtune.trainer.text;

import java.util.Arrays;

/**
 * Turns generated ids, one at a time, into text deltas for streaming chat output. A byte-level token can end in
 * the middle of a multi-byte UTF-8 character; decoding it alone would print U+FFFD, so text is held back until
 * the character is complete. Only a short window of ids is re-decoded per token (the scheme text-generation-
 * inference uses), so the cost per token stays constant however long the answer gets.
 */
public final class StreamingDetokenizer {

    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private final StringBuilder emitted = new StringBuilder();
    private int[] ids = new int[16];
    private int count;
    /** Start of the window re-decoded for context (so leading-space rules of the decoder stay stable). */
    private int prefixOffset;
    /** Ids before this index are already emitted as text. */
    private int readOffset;

    public StreamingDetokenizer(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Skips special tokens (EOS, end-of-turn) in the text, as chat output wants. */
    public StreamingDetokenizer(Tokenizer tokenizer) {
        this(tokenizer, true);
    }

    /** Adds one generated id; returns the text it completes (empty while a character is still incomplete). */
    public String add(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String before = decode(prefixOffset, readOffset);
        String now = decode(prefixOffset, count);
        if (now.length() > before.length() && now.charAt(now.length() - 1) != REPLACEMENT) {
            String delta = now.substring(before.length());
            prefixOffset = readOffset;
            readOffset = count;
            emitted.append(delta);
            return delta;
        }
        return "";
    }

    /** Adds several ids; returns the text they complete. */
    public String addAll(int[] newIds) {
        StringBuilder out = new StringBuilder();
        for (int id : newIds) {
            out.append(add(id));
        }
        return out.toString();
    }

    /** Emits whatever is held back (an incomplete character shows as U+FFFD), e.g. when generation stops. */
    public String flush() {
        String before = decode(prefixOffset, readOffset);
        String now = decode(prefixOffset, count);
        String delta = now.length() > before.length() ? now.substring(before.length()) : "";
        prefixOffset = readOffset = count;
        emitted.append(delta);
        return delta;
    }

    /** All text emitted so far. */
    public String text() {
        return emitted.toString();
    }

    public int[] ids() {
        return Arrays.copyOf(ids, count);
    }

    private String decode(int from, int to) {
        return from >= to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }
}
