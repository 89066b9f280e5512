package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Datasets by name for one session (a notebook kernel holds one): what {@code %dataset load} adds, {@code mix}
 * writes, and {@code %finetune --data NAME} reads. Thread-safe, since jobs read it from their own threads.
 */
public final class DatasetCatalog {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    private final DatasetLoader loader = new DatasetLoader();

    /**
     * Loads, validates and splits {@code file}, and registers it as {@code name} (the file's base name when null),
     * replacing any dataset of that name.
     */
    public CatalogEntry load(Path file, String name, DatasetOptions options, double valRatio) {
        DatasetSplit.checkRatio(valRatio);
        String n = name != null ? checkName(name) : safeName(DatasetLoader.defaultName(file));
        Dataset d = loader.load(file, n, options);
        DatasetSplit split = DatasetSplit.of(d.examples(), valRatio, options.seed());
        return put(new CatalogEntry(n, d, split,
                file.getFileName() + " (" + d.report().format().cliName() + ")"));
    }

    /** Mixes registered datasets into a new one named {@code name} and registers it. */
    public CatalogEntry mix(String name, List<MixPart> parts, long seed) {
        checkName(name);
        List<CatalogEntry> sources = new ArrayList<>();
        for (MixPart p : parts) {
            sources.add(get(p.name()));
        }
        checkOneKind(sources);
        return put(DatasetMix.mix(name, sources, parts, seed));
    }

    /** A mix trains one stage: preference pairs and SFT examples do not mix. */
    private static void checkOneKind(List<CatalogEntry> sources) {
        CatalogEntry pairs = null;
        CatalogEntry sft = null;
        for (CatalogEntry e : sources) {
            List<Example> all = e.split().all();
            if (!all.isEmpty() && all.get(0).isPreference()) {
                pairs = pairs == null ? e : pairs;
            } else if (!all.isEmpty()) {
                sft = sft == null ? e : sft;
            }
        }
        if (pairs != null && sft != null) {
            throw new IllegalArgumentException(pairs.name() + " holds preference pairs and " + sft.name()
                    + " SFT examples: a mix trains one stage, so mix pairs with pairs (for --stage dpo) or examples "
                    + "with examples (for --stage sft)");
        }
    }

    public synchronized CatalogEntry put(CatalogEntry entry) {
        checkName(entry.name());
        entries.remove(entry.name());
        entries.put(entry.name(), entry);
        return entry;
    }

    /**
     * The dataset called {@code name}.
     *
     * @throws DatasetException naming the datasets that do exist
     */
    public synchronized CatalogEntry get(String name) {
        CatalogEntry e = entries.get(name);
        if (e == null) {
            throw new DatasetException("No dataset named '" + name + "'. "
                    + (entries.isEmpty() ? "None is loaded yet" : "Loaded: " + String.join(", ", entries.keySet()))
                    + ". Load one with %dataset load PATH --name " + name + ".");
        }
        return e;
    }

    public synchronized Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Every entry, in the order they were added. */
    public synchronized List<CatalogEntry> list() {
        return List.copyOf(entries.values());
    }

    public synchronized boolean remove(String name) {
        return entries.remove(name) != null;
    }

    /**
     * @throws IllegalArgumentException when the name could not be typed back in a magic (e.g. contains ':')
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Dataset name '" + name + "' is not allowed: use letters, digits, '_', '-'"
                    + " and '.', starting with a letter or digit.");
        }
        return name;
    }

    private static String safeName(String base) {
        String s = base.replaceAll("[^A-Za-z0-9_.-]", "-");
        return NAME.matcher(s).matches() ? s : "data" + s;
    }
}
