package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetError;
import java.util.ArrayList;
import java.util.List;

/** Counts every bad record but keeps only the first few, so a file with a million bad lines stays cheap. */
final class ErrorCollector {

    static final int KEPT = 1000;

    private final List<DatasetError> kept = new ArrayList<>();
    private long count;
    private DatasetError fatal;

    void add(DatasetError error) {
        count++;
        if (kept.size() < KEPT) {
            kept.add(error);
        }
        if (error.fatal() && fatal == null) {
            fatal = error;
        }
    }

    long count() {
        return count;
    }

    List<DatasetError> kept() {
        return kept;
    }

    DatasetError fatal() {
        return fatal;
    }
}
