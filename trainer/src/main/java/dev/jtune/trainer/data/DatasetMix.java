package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mixes datasets with per-dataset sampling rates, as hosted consoles do. Training parts are under- or
 * over-sampled by their rate; validation parts are only ever undersampled (repeating validation examples would
 * just weight the metric), so the mix's validation set is the union of the parts' held-out examples.
 */
public final class DatasetMix {

    private DatasetMix() {
    }

    /**
     * {@code floor(rate)} copies of every example, plus {@code round(frac(rate) × n)} distinct examples chosen at
     * random, in file order within each copy.
     */
    public static List<Example> sample(List<Example> examples, double rate, Random random) {
        int n = examples.size();
        int whole = (int) Math.floor(rate);
        long extra = Math.round((rate - whole) * n);
        List<Example> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, (long) whole * n + extra));
        for (int c = 0; c < whole; c++) {
            out.addAll(examples);
        }
        for (int i : Seeds.choose(n, (int) extra, random)) {
            out.add(examples.get(i));
        }
        return out;
    }

    /** A mixed entry named {@code name} from the catalog entries paired with {@code parts}. */
    public static CatalogEntry mix(String name, List<CatalogEntry> entries, List<MixPart> parts, long seed) {
        if (entries.size() != parts.size() || parts.isEmpty()) {
            throw new IllegalArgumentException("a mix needs one rate per dataset, e.g. intents:1 faq:0.5");
        }
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        StringBuilder origin = new StringBuilder("mix of ");
        for (int i = 0; i < parts.size(); i++) {
            CatalogEntry e = entries.get(i);
            double rate = parts.get(i).rate();
            List<Example> t = sample(e.split().train(), rate, Seeds.random(seed, Seeds.MIX, 2L * i));
            train.addAll(t);
            validation.addAll(sample(e.split().validation(), Math.min(1, rate), Seeds.random(seed, Seeds.MIX, 2L * i + 1)));
            origin.append(i == 0 ? "" : " + ").append(e.name()).append('×').append(rate)
                    .append(" (").append(t.size()).append(" of ").append(e.split().train().size()).append(')');
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("The mix '" + name + "' has no training examples: raise the sampling rates.");
        }
        // the share the mix holds out, as a loaded dataset's --val-ratio (a job on the mix inherits it)
        double ratio = validation.isEmpty() ? 0 : (double) validation.size() / (train.size() + validation.size());
        DatasetSplit split = new DatasetSplit(train, validation, ratio, seed);
        List<Example> all = split.all();
        LoadReport report = new LoadReport(null, null, all.size(), 0, List.of(), 0, all.size(), List.of());
        return new CatalogEntry(name, new Dataset(name, all, report), split, origin.toString());
    }
}
