package dev.jtune.trainer.data.example;

/**
 * One bad record: where it is and why it was rejected, phrased for the person who will fix the file.
 *
 * @param fatal true when reading could not go on past this point (e.g. a JSON array broken in the middle);
 *              skip-bad-lines cannot skip it
 */
public record DatasetError(SourceLocation location, String reason, boolean fatal) {

    public DatasetError(SourceLocation location, String reason) {
        this(location, reason, false);
    }

    @Override
    public String toString() {
        return "line " + location.line() + ": " + reason;
    }
}
