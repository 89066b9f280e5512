package dev.jtune.trainer.tiny;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The byte-level alphabet and pre-tokenizer of GPT-2 style tokenizers, as HuggingFace tokenizers' {@code ByteLevel}
 * pre-tokenizer applies them: text is split with the GPT-2 pattern, and each UTF-8 byte is written as one printable
 * character ({@code ' '} becomes {@code 'Ġ'}), so any text has a token sequence without an unknown token.
 */
final class ByteLevel {

    /** The split pattern of {@code ByteLevel(use_regex=true)}; \s and \p classes are Unicode-aware as in Rust. */
    static final Pattern PRE_TOKENIZER = Pattern.compile(
            "(?U)'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private static final char[] BYTE_TO_CHAR = byteToChar();

    private ByteLevel() {
    }

    private static char[] byteToChar() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
        return map;
    }

    /** The alphabet character standing for byte {@code b} (0-255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** A piece of text as its byte-level characters. */
    static String encode(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return out.toString();
    }
}
