package dev.jtune.magics.render;

/** One bad line of a dataset file: where it is and why it was refused. */
public record DatasetIssue(String file, long line, String reason) {
}
