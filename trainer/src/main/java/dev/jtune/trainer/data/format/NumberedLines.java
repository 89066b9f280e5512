package dev.jtune.trainer.data.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * A UTF-8 text file read line by line that knows the 1-based number of the line it read last, so a line-based
 * reader (JSON Lines, plain text) can point its errors at the right line. A line longer than the cap keeps only
 * its first {@code maxChars} characters (the rest is skipped unread into memory), so one giant line cannot take
 * the heap: {@link #lastWasCut()} says so and the reader reports that line.
 */
final class NumberedLines implements Closeable {

    /** Longest record line read whole: far beyond any trainable example, far below a heap's size. */
    static final int MAX_LINE_CHARS = 16 << 20;

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private long number;
    private boolean cut;
    private boolean skipLineFeed;

    NumberedLines(InputStream in) throws IOException {
        this(in, MAX_LINE_CHARS);
    }

    NumberedLines(InputStream in, int maxChars) throws IOException {
        this.in = Utf8.reader(in);
        this.maxChars = maxChars;
    }

    /** The next line (ended by \n, \r\n or \r, without it), or null at the end of the file. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        cut = false;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            append(line, start, pos);
            if (pos < limit) {
                skipLineFeed = buffer[pos] == '\r';
                pos++;
                break;
            }
        }
        number++;
        return line.toString();
    }

    /** The next line that is not blank (blank lines separate records, they are not records), or null at the end. */
    String nextNonBlank() throws IOException {
        String text;
        do {
            text = next();
        } while (text != null && text.isBlank() && !cut);
        return text;
    }

    /** Whether the line returned last was longer than the cap and holds only its beginning. */
    boolean lastWasCut() {
        return cut;
    }

    int maxChars() {
        return maxChars;
    }

    /** The number of the line {@link #next()} or {@link #nextNonBlank()} returned last. */
    long number() {
        return number;
    }

    private void append(StringBuilder line, int from, int to) {
        int room = maxChars - line.length();
        if (to - from > room) {
            cut = true;
            line.append(buffer, from, Math.max(0, room));
        } else {
            line.append(buffer, from, to - from);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
