package dev.jtune.trainer.data.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Lazily reads one record at a time from an open file, so a file of any size can be counted, validated or
 * sampled while only the current record is in memory. Close it (try-with-resources) to release the file.
 */
public abstract class RecordIterator implements Iterator<ParsedRecord>, Closeable {

    private ParsedRecord next;
    private boolean done;

    /** The next record, or null at the end of the file. */
    protected abstract ParsedRecord readNext() throws IOException;

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = readNext();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public final ParsedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ParsedRecord r = next;
        next = null;
        return r;
    }

    /** Stops after the current record (used after a fatal error that leaves the rest unreadable). */
    protected final void finish() {
        done = true;
    }
}
