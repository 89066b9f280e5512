package dev.jtune.trainer.data.format;

/** A record that parsed but does not fit the schema; the message is the reason shown next to the line number. */
public class InvalidRecordException extends Exception {

    public InvalidRecordException(String reason) {
        super(reason);
    }
}
