package dev.jtune.kernel.io;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The process-wide stdout and stderr while the kernel runs: text is sent to the notebook as stream messages
 * every 100 ms while a cell runs (not held until it ends), and at once when {@link #flush} is called.
 */
public final class OutputStreams implements AutoCloseable {
    private static final long BATCH_MILLIS = 100;

    private final BatchedStream stdout;
    private final BatchedStream stderr;
    private final PrintStream out;
    private final PrintStream err;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jtune-stream-flusher");
        t.setDaemon(true);
        return t;
    });

    /** @param sink receives ("stdout" or "stderr", text) */
    public OutputStreams(BiConsumer<String, String> sink) {
        this.stdout = new BatchedStream(text -> sink.accept("stdout", text));
        this.stderr = new BatchedStream(text -> sink.accept("stderr", text));
        this.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        timer.scheduleWithFixedDelay(this::flush, BATCH_MILLIS, BATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Sends everything written so far; stdout before stderr. */
    public synchronized void flush() {
        out.flush();
        err.flush();
        stdout.drain();
        stderr.drain();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
