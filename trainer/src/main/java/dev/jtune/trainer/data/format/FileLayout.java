package dev.jtune.trainer.data.format;

/** How records are laid out in the file, independent of their schema. */
public enum FileLayout {
    /** One JSON object per line (.jsonl, .ndjson, or a .json that does not start with '['). */
    JSON_LINES,
    /** One JSON array of objects (.json starting with '['). */
    JSON_ARRAY,
    /** Comma-separated with a header row. */
    CSV,
    /** Tab-separated with a header row. */
    TSV,
    /** Plain text for continued pretraining: one example per non-blank line, or per paragraph. */
    PLAIN_TEXT
}
