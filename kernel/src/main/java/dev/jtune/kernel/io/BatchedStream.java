package dev.jtune.kernel.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Collects bytes written to stdout or stderr; {@link #drain} hands the complete UTF-8 text so far to the sink.
 * A multi-byte character cut between two writes is kept until its last byte arrives.
 */
final class BatchedStream extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    BatchedStream(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
    }

    /** Flushing is batched by the kernel's timer; a println must not become one message. */
    @Override
    public void flush() {
    }

    void drain() {
        String text;
        synchronized (this) {
            if (buffer.size() == 0) {
                return;
            }
            byte[] bytes = buffer.toByteArray();
            int complete = completeLength(bytes);
            text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
            buffer.reset();
            buffer.write(bytes, complete, bytes.length - complete);
        }
        if (!text.isEmpty()) {
            sink.accept(text);
        }
    }

    /** Length of the prefix that ends on a UTF-8 character boundary. */
    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= 3 && back <= n; back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead byte
            }
            int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
