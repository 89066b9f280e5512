package dev.jtune.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} inside the kernel: when user code reads and nothing is buffered, one line is requested
 * from the notebook, and its bytes plus a newline are served.
 */
public final class NotebookInputStream extends InputStream {
    private final InputRequester requester;
    private byte[] line = new byte[0];
    private int pos;

    public NotebookInputStream(InputRequester requester) {
        this.requester = requester;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - pos;
    }

    private boolean fill() throws IOException {
        if (pos < line.length) {
            return true;
        }
        String text = requester.requestLine("", false);
        if (text == null) {
            return false;
        }
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
