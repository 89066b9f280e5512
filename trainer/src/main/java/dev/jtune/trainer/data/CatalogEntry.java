package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
/**
 * A named dataset in a {@link DatasetCatalog}, with its train/validation split.
 *
 * @param origin one line on where it came from ({@code intents-train.jsonl (messages)}, {@code mix of a×0.5 + b×2})
 */
public record CatalogEntry(String name, Dataset dataset, DatasetSplit split, String origin) {

    public java.util.List<Example> train() {
        return split.train();
    }

    public java.util.List<Example> validation() {
        return split.validation();
    }

    public LoadReport report() {
        return dataset.report();
    }
}
