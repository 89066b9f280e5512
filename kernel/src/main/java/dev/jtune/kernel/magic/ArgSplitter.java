package dev.jtune.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument text the way a POSIX shell splits words: whitespace separates; 'single quotes'
 * keep everything literally; "double quotes" keep spaces and allow \" and \\; a backslash outside quotes
 * escapes the next character.
 */
public final class ArgSplitter {
    private ArgSplitter() {
    }

    public static List<String> split(String text) throws MagicException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated('\'', text, i);
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                        word.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw unterminated('"', text, text.lastIndexOf('"'));
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static MagicException unterminated(char quote, String text, int at) {
        return new MagicException("The quote " + quote + " at column " + (at + 1) + " of `" + text
                + "` is never closed; close it or escape it with a backslash.");
    }
}
