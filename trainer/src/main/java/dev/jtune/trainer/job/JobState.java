package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Life cycle of a job as {@code status.json} records it. */
public enum JobState {
    /** Config written (e.g. by {@code %jobs copy}), never started. */
    CREATED,
    /** Waiting for the device while another job trains. */
    QUEUED,
    RUNNING,
    /** stop() asked; the current step finishes and a checkpoint is written. */
    STOPPING,
    STOPPED,
    SUCCEEDED,
    FAILED,
    /** Was queued or running when its JVM ended; resume it from its last checkpoint. */
    INTERRUPTED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobState parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Held by a live trainer thread (or waiting for one). */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == STOPPING;
    }
}
