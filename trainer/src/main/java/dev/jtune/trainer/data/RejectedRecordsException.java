package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetException;

/** A dataset refused for its records: the message summarises them, the report lists each with its line. */
public final class RejectedRecordsException extends DatasetException {

    private final transient LoadReport report;

    public RejectedRecordsException(String message, LoadReport report) {
        super(message);
        this.report = report;
    }

    public LoadReport report() {
        return report;
    }
}
