package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.Example;

/** One record read from a file: an example, or the error that kept it from being one. */
public record ParsedRecord(Example example, DatasetError error) {

    public static ParsedRecord ok(Example example) {
        return new ParsedRecord(example, null);
    }

    public static ParsedRecord bad(DatasetError error) {
        return new ParsedRecord(null, error);
    }

    public boolean isOk() {
        return example != null;
    }
}
