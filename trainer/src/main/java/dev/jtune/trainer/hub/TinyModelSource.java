package dev.jtune.trainer.hub;

import java.io.IOException;
import java.nio.file.Path;

/** Writes (once) the built-in untrained {@code tiny} model as a HuggingFace folder. Wired to the text package's TinyModel. */
@FunctionalInterface
public interface TinyModelSource {

    /** @param cacheDir a folder the source may write into; returns the model folder */
    Path materialize(Path cacheDir) throws IOException;
}
