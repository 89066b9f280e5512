package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import java.util.List;

/**
 * Examples loaded (and validated) from one file, or made by mixing other datasets.
 *
 * @param name     the name it is known by in a {@link DatasetCatalog}
 * @param examples the good examples, in file order
 * @param report   what loading found (errors, skipped, warnings); for a mix, the mix's own summary
 */
public record Dataset(String name, List<Example> examples, LoadReport report) {

    public Dataset {
        examples = List.copyOf(examples);
    }

    public int size() {
        return examples.size();
    }
}
