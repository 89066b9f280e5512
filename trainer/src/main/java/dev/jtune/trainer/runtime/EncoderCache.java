package dev.jtune.trainer.runtime;

import dev.jtune.trainer.text.ChatEncoder;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link ChatEncoder} per model folder: loading a tokenizer and compiling its chat template takes a while,
 * and jobs, chat and evaluation of the same base share them.
 */
public final class EncoderCache implements AutoCloseable {

    private final Map<Path, ChatEncoder> encoders = new HashMap<>();

    public synchronized ChatEncoder get(Path modelFolder) {
        return encoders.computeIfAbsent(modelFolder.toAbsolutePath().normalize(), ChatEncoder::load);
    }

    @Override
    public synchronized void close() {
        encoders.values().forEach(ChatEncoder::close);
        encoders.clear();
    }
}
