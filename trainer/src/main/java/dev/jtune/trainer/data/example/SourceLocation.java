package dev.jtune.trainer.data.example;

import java.nio.file.Path;

/**
 * Where an example came from, so every error and every shown row can point back into the user's file.
 *
 * @param file the dataset file
 * @param line 1-based line where the record starts (for CSV: the row's first line, header = line 1)
 */
public record SourceLocation(Path file, long line) {

    /** {@code intents.jsonl:12}: short enough for an error list, precise enough to open the file at. */
    @Override
    public String toString() {
        return (file == null ? "<memory>" : String.valueOf(file.getFileName())) + ":" + line;
    }
}
