package dev.jtune.magics.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.stats.DatasetStats;
import dev.jtune.trainer.data.stats.StatsAccumulator;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.text.ChatEncoder;

/**
 * Token counts of datasets under a model's tokenizer and template. Counting tokenizes every example, so the
 * result is kept per (dataset, model, truncation length) until the dataset is loaded again.
 */
public final class DatasetStatsCache implements AutoCloseable {
    private final ModelResolver resolver;
    private final Map<String, ChatEncoder> encoders = new HashMap<>();
    private final Map<String, DatasetStats> stats = new HashMap<>();

    DatasetStatsCache(ModelResolver resolver) {
        this.resolver = resolver;
    }

    /** Statistics of every example (training and validation). */
    public synchronized DatasetStats all(CatalogEntry entry, String model, int maxSeqLen) {
        return of(entry, "all", entry.dataset().examples(), model, maxSeqLen);
    }

    private DatasetStats of(CatalogEntry entry, String part, List<Example> examples, String model, int maxSeqLen) {
        String key = System.identityHashCode(entry) + "|" + entry.name() + "|" + part + "|" + model + "|" + maxSeqLen;
        DatasetStats cached = stats.get(key);
        if (cached == null) {
            cached = StatsAccumulator.of(examples, encoder(model), maxSeqLen);
            stats.put(key, cached);
        }
        return cached;
    }

    /** The tokenizer and chat template of a model reference (loaded once per base folder). */
    public synchronized ChatEncoder encoder(String model) {
        ResolvedModel resolved = resolver.resolve(model);
        return encoders.computeIfAbsent(resolved.baseFolder().toString(), folder -> ChatEncoder.load(resolved.baseFolder()));
    }

    @Override
    public synchronized void close() {
        encoders.values().forEach(ChatEncoder::close);
        encoders.clear();
        stats.clear();
    }
}
