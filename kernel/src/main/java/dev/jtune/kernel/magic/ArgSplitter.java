package dev.jtune.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * The one grammar of magic arguments, applied once by the kernel (IPython-like, not a POSIX shell): whitespace
 * separates words; a word that <em>starts</em> with a quote runs to the matching quote ({@code 'single'} keeps
 * everything literally, {@code "double"} understands {@code \"}, {@code \\} and {@code \n}); a quote anywhere
 * else is an ordinary character. So a prompt such as {@code What's my balance?} needs no quoting, while
 * {@code "data/my file.jsonl"} still groups.
 */
public final class ArgSplitter {
    private ArgSplitter() {
    }

    /** Splits {@code text}; errors name columns as if {@code text} were the whole line. */
    public static List<String> split(String text) throws MagicException {
        return split(text, 1);
    }

    /**
     * Splits {@code text}, which starts at 1-based column {@code firstColumn} of the line the user typed, so an
     * error points at the column they see.
     */
    public static List<String> split(String text, int firstColumn) throws MagicException {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(text, i + 1, c);
                if (end < 0) {
                    throw new MagicException("UsageError", "The quote " + c + " at column " + (firstColumn + i)
                            + " is never closed. Close it, or leave it out: a quote inside a word (What's) needs none,"
                            + " and long text can go in the cell body with the %% form of the magic.", null);
                }
                word.append(c == '"' ? unescape(text.substring(i + 1, end)) : text.substring(i + 1, end));
                i = end + 1;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                word.append(text.charAt(i++));
            }
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The words before the cursor and the word being typed at it (possibly empty), for completion: never fails,
     * an unclosed quote simply makes the rest of the text the current word.
     */
    public static Partial partial(String textBeforeCursor) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = textBeforeCursor.length();
        int currentStart = n;
        while (i < n) {
            while (i < n && Character.isWhitespace(textBeforeCursor.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            char c = textBeforeCursor.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(textBeforeCursor, i + 1, c);
                i = end < 0 ? n : end + 1;
            }
            while (i < n && !Character.isWhitespace(textBeforeCursor.charAt(i))) {
                i++;
            }
            if (i >= n) {
                currentStart = start;
                break;
            }
            String raw = textBeforeCursor.substring(start, i);
            try {
                words.addAll(split(raw));
            } catch (MagicException e) {
                words.add(raw);
            }
        }
        return new Partial(List.copyOf(words), textBeforeCursor.substring(currentStart), currentStart);
    }

    /**
     * @param words   complete words before the one at the cursor
     * @param current the word at the cursor as typed so far ("" after a space)
     * @param start   where {@code current} starts in the text
     */
    public record Partial(List<String> words, String current, int start) {
    }

    private static int closingQuote(String text, int from, char quote) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(i + 1);
                if (next == '"' || next == '\\' || next == 'n') {
                    out.append(next == 'n' ? '\n' : next);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
