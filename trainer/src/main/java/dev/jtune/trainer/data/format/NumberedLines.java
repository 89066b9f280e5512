package dev.jtune.trainer.data.format;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A UTF-8 text file read line by line that knows the 1-based number of the line it read last, so a line-based
 * reader (JSON Lines, plain text) can point its errors at the right line.
 */
final class NumberedLines implements Closeable {

    private final BufferedReader in;
    private long number;

    NumberedLines(InputStream in) throws IOException {
        this.in = Utf8.reader(in);
    }

    /** The next line, or null at the end of the file. */
    String next() throws IOException {
        String text = in.readLine();
        if (text != null) {
            number++;
        }
        return text;
    }

    /** The next line that is not blank (blank lines separate records, they are not records), or null at the end. */
    String nextNonBlank() throws IOException {
        String text;
        do {
            text = next();
        } while (text != null && text.isBlank());
        return text;
    }

    /** The number of the line {@link #next()} or {@link #nextNonBlank()} returned last. */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
