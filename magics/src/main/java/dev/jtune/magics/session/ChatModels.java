package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jtune.trainer.hub.ModelResolver;
import dev.jtune.trainer.hub.ResolvedModel;

/**
 * Models loaded for {@code %chat} and {@code %eval}, kept between cells (loading is the slow part). Keyed by
 * what the reference points at now, so {@code %chat JOB} picks up the newest checkpoint while the job trains.
 * At most {@link #KEPT} stay loaded (three side by side), the least recently used is freed first.
 */
public final class ChatModels implements AutoCloseable {
    static final int KEPT = 3;

    private final ModelResolver resolver;
    private final Map<String, ChatModel> loaded = new LinkedHashMap<>(8, 0.75f, true);

    ChatModels(ModelResolver resolver) {
        this.resolver = resolver;
    }

    public synchronized ChatModel get(String reference) throws IOException {
        ResolvedModel resolved = resolver.resolve(reference);
        // A folder written again (a model published anew under the same name) gets a new time: load it again.
        Path weights = resolved.hasCheckpoint() ? resolved.checkpoint() : resolved.baseFolder();
        String key = resolved.baseFolder() + "|" + resolved.checkpoint() + "|" + Files.getLastModifiedTime(weights);
        ChatModel model = loaded.get(key);
        if (model == null) {
            Path scratch = resolver.workspace().cacheDir().resolve("chat");
            Files.createDirectories(scratch);
            model = ChatModel.load(resolved, scratch);
            loaded.put(key, model);
            evict();
        }
        return model;
    }

    private void evict() {
        Iterator<Map.Entry<String, ChatModel>> oldest = loaded.entrySet().iterator();
        while (loaded.size() > KEPT && oldest.hasNext()) {
            oldest.next().getValue().close();
            oldest.remove();
        }
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(ChatModel::close);
        loaded.clear();
    }
}
