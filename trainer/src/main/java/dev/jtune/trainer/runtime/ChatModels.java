package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.generate.LanguageModel;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.lora.AdapterFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Models loaded for chat and evaluation, keyed by (base folder, checkpoint), so that asking the same model again
 * costs nothing; the least recently used is freed beyond {@code capacity} (a job's newest checkpoint changes
 * while it trains, and each would otherwise stay in memory).
 */
public final class ChatModels implements AutoCloseable {

    private record Key(Path base, Path checkpoint) {
    }

    private final EncoderCache encoders;
    private final Device device;
    private final int capacity;
    private final Map<Key, ChatModel> loaded = new LinkedHashMap<>(16, 0.75f, true);

    public ChatModels(EncoderCache encoders, Device device, int capacity) {
        this.encoders = encoders;
        this.device = device;
        this.capacity = Math.max(1, capacity);
    }

    public synchronized ChatModel get(ResolvedModel model) {
        Key key = new Key(model.baseFolder().toAbsolutePath().normalize(),
                model.checkpoint() == null ? null : model.checkpoint().toAbsolutePath().normalize());
        ChatModel m = loaded.get(key);
        if (m == null) {
            m = new ChatModel(model.reference(), load(key), encoders.get(key.base()));
            loaded.put(key, m);
            evict();
        }
        return m;
    }

    /** A LoRA checkpoint goes on top of the base; a full-update checkpoint holds all the weights itself. */
    private LanguageModel load(Key key) {
        try {
            if (key.checkpoint() == null) {
                return LanguageModel.load(key.base(), null, device);
            }
            if (Files.isRegularFile(key.checkpoint().resolve(AdapterFiles.CONFIG))) {
                return LanguageModel.load(key.base(), key.checkpoint(), device);
            }
            return LanguageModel.load(key.checkpoint(), null, device);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model from " + key.base()
                    + (key.checkpoint() == null ? "" : " with " + key.checkpoint()) + ": " + e.getMessage(), e);
        }
    }

    private void evict() {
        Iterator<Map.Entry<Key, ChatModel>> it = loaded.entrySet().iterator();
        while (loaded.size() > capacity && it.hasNext()) {
            ChatModel old = it.next().getValue();
            it.remove();
            synchronized (old) {  // waits for a generation still running on it
                old.close();
            }
        }
    }

    public synchronized int size() {
        return loaded.size();
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(ChatModel::close);
        loaded.clear();
    }

    @Override
    public String toString() {
        return "ChatModels" + Objects.toString(loaded.keySet());
    }
}
