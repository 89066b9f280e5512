package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.format.DatasetFormat;

import java.nio.file.Path;
import java.util.List;

/**
 * What reading a dataset file found: how many records were good, which were bad and why, and warnings.
 *
 * @param validRecords records that passed validation (before max-samples sampling)
 * @param badRecords   every rejected record, counted even when only the first {@code errors} are kept
 * @param errors       the first rejected records (at most {@link ErrorCollector#KEPT}), in file order
 * @param skipped      records left out because skip-bad-lines was on (0 when loading failed instead)
 * @param kept         examples kept after max-samples sampling
 * @param warnings     sentences worth showing even when loading succeeded (e.g. the dataset is small)
 */
public record LoadReport(Path file, DatasetFormat format, long validRecords, long badRecords,
                         List<DatasetError> errors, long skipped, long kept, List<String> warnings) {

    public LoadReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return badRecords > 0;
    }

    /**
     * A readable list of the first {@code limit} errors plus how many more there are, e.g.
     * <pre>
     * intents.jsonl: 3 bad records
     *   line 4: invalid JSON: ...
     *   ... and 1 more
     * </pre>
     */
    public String errorSummary(int limit) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "dataset" : file.getFileName()).append(": ").append(badRecords)
                .append(badRecords == 1 ? " bad record" : " bad records");
        int shown = Math.min(limit, errors.size());
        for (int i = 0; i < shown; i++) {
            sb.append("\n  ").append(errors.get(i));
        }
        if (badRecords > shown) {
            sb.append("\n  ... and ").append(badRecords - shown).append(" more");
        }
        return sb.toString();
    }
}
