package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.format.DatasetFormat;
import dev.jtune.trainer.data.format.DatasetReader;
import dev.jtune.trainer.data.format.ParsedRecord;
import dev.jtune.trainer.data.format.ReadOptions;
import dev.jtune.trainer.data.format.RecordIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads, validates and loads dataset files. Validation and counting stream the file (one record in memory at
 * a time); loading keeps only the examples training needs (all, or a seeded sample of max-samples).
 */
public final class DatasetLoader {

    private final ExampleValidator validator = new ExampleValidator();

    /**
     * Loads {@code file} as dataset {@code name}.
     *
     * @throws DatasetException listing the first bad records when there are any and skip-bad-lines is off, when a
     *                          broken JSON array stops reading, or when no usable example is left
     */
    public Dataset load(Path file, String name, DatasetOptions options) {
        List<Example> all = options.maxSamples() == 0 ? new ArrayList<>() : null;
        Reservoir sample = all == null
                ? new Reservoir(options.maxSamples(), Seeds.random(options.seed(), Seeds.SAMPLE, 0)) : null;
        LoadReport report = scan(file, options, all != null ? all::add : sample::offer);
        List<Example> examples = all != null ? all : sample.sample();
        report = new LoadReport(report.file(), report.format(), report.validRecords(), report.badRecords(),
                report.errors(), report.skipped(), examples.size(), warnings(report, examples.size(), options));
        return new Dataset(name, examples, report);
    }

    /** Loads with the file's base name ({@code intents-train.jsonl} → {@code intents-train}) as the name. */
    public Dataset load(Path file, DatasetOptions options) {
        return load(file, defaultName(file), options);
    }

    /**
     * Validates every record without keeping any: the report lists bad records (up to a thousand, all counted).
     * Never throws for bad records; still throws when the file is missing or its format cannot be told.
     */
    public LoadReport validate(Path file, ReadOptions read) {
        return scan(file, DatasetOptions.DEFAULT.withRead(read).withSkipBadLines(true), e -> { }, false);
    }

    /** Streams the good examples of {@code file} to {@code sink} (e.g. for stats on a file too big to load). */
    public LoadReport forEach(Path file, DatasetOptions options, Consumer<Example> sink) {
        return scan(file, options, sink);
    }

    private LoadReport scan(Path file, DatasetOptions options, Consumer<Example> sink) {
        return scan(file, options, sink, true);
    }

    private LoadReport scan(Path file, DatasetOptions options, Consumer<Example> sink, boolean failOnErrors) {
        DatasetFormat format = DatasetReader.detect(file, options.read().format()).format();
        ErrorCollector errors = new ErrorCollector();
        long valid = 0;
        Example first = null;
        try (RecordIterator records = DatasetReader.open(file, options.read())) {
            while (records.hasNext()) {
                ParsedRecord r = records.next();
                DatasetError error = r.error();
                if (error == null) {
                    String problem = validator.problem(r.example());
                    if (problem == null && first != null && first.isPreference() != r.example().isPreference()) {
                        problem = kindMismatch(first, r.example());
                    }
                    if (problem != null) {
                        error = new DatasetError(r.example().source(), problem);
                    } else if (first == null) {
                        first = r.example();
                    }
                }
                if (error != null) {
                    errors.add(error);
                } else {
                    valid++;
                    sink.accept(r.example());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean skip = options.skipBadLines() && errors.fatal() == null;
        LoadReport report = new LoadReport(file, format, valid, errors.count(), errors.kept(),
                skip ? errors.count() : 0, valid, List.of());
        if (failOnErrors) {
            failIfUnusable(report, errors, skip, options);
        }
        return report;
    }

    /** A file trains one stage: SFT examples and preference pairs do not mix. */
    private static String kindMismatch(Example first, Example other) {
        String pair = "a preference pair (a prompt with a chosen and a rejected answer)";
        String sft = "an SFT example (no rejected answer)";
        return "this record is " + (other.isPreference() ? pair : sft) + " but line " + first.source().line()
                + " is " + (first.isPreference() ? pair : sft) + ": a dataset holds one kind, so split the file";
    }

    private static void failIfUnusable(LoadReport report, ErrorCollector errors, boolean skip, DatasetOptions options) {
        Path file = report.file();
        if (errors.fatal() != null) {
            throw new RejectedRecordsException(file.getFileName() + " cannot be read past line "
                    + errors.fatal().location().line() + ": " + errors.fatal().reason()
                    + (options.skipBadLines() ? " (--skip-bad-lines cannot skip this)" : "")
                    + "\n" + report.errorSummary(options.errorsShown()), report);
        }
        if (report.hasErrors() && !skip) {
            throw new RejectedRecordsException(report.errorSummary(options.errorsShown())
                    + "\nNothing was loaded. Fix these records, or load with --skip-bad-lines to leave them out.", report);
        }
        if (report.validRecords() == 0) {
            throw new RejectedRecordsException(file.getFileName() + " has no usable examples"
                    + (report.hasErrors() ? ": every record was bad.\n" + report.errorSummary(options.errorsShown()) : "."),
                    report);
        }
    }

    private static List<String> warnings(LoadReport report, int kept, DatasetOptions options) {
        List<String> w = new ArrayList<>();
        if (report.skipped() > 0) {
            w.add(String.format(Locale.ROOT, "Skipped %d bad record%s (--skip-bad-lines); first: %s",
                    report.skipped(), report.skipped() == 1 ? "" : "s", report.errors().get(0)));
        }
        if (kept < report.validRecords()) {
            w.add(String.format(Locale.ROOT, "Kept a random %d of %d examples (--max-samples %d, --seed %d).",
                    kept, report.validRecords(), options.maxSamples(), options.seed()));
        }
        if (kept < options.minExamples()) {
            w.add(String.format(Locale.ROOT, "Only %d example%s (fewer than %d): expect the model to memorise them"
                            + " rather than learn the task, and a validation loss that says little. Fine for trying"
                            + " the flow; for a useful model add examples, or mix in another dataset.",
                    kept, kept == 1 ? "" : "s", options.minExamples()));
        }
        return w;
    }

    /** The file name without its extension, as a default dataset name. */
    public static String defaultName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
