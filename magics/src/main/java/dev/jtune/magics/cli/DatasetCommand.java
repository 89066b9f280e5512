package dev.jtune.magics.cli;

import dev.jtune.trainer.data.format.DatasetFormat;

import dev.jtune.trainer.cli.OptionConverters;
import dev.jtune.trainer.data.format.ColumnMapping;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %dataset load|list|show|mix}: bring training data into the session and inspect it. */
@Command(name = "%dataset", description = "Load, validate, inspect and mix training datasets.",
        subcommands = {DatasetCommand.Load.class, DatasetCommand.ListAll.class, DatasetCommand.Show.class,
                DatasetCommand.Mix.class})
public final class DatasetCommand implements Validated {
    @Mixin
    HelpFlag help;

    @Override
    public void validate() {
        throw new UsageError("%dataset needs an action: load PATH, list, show NAME or mix NEW NAME:RATE ...; see %dataset --help.");
    }

    @Command(name = "load", description = "Read and validate a dataset file; bad lines are listed with their line numbers.")
    public static final class Load {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "PATH", description = "The file to read (JSONL, JSON array or CSV).")
        Path path;

        @Option(names = "--name", paramLabel = "NAME", description = "The name to refer to it by (default: the file name without extension).")
        String name;

        @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.Format.class,
                completionCandidates = Converters.FormatNames.class,
                description = "One of ${COMPLETION-CANDIDATES} (default: auto, detected from the first records).")
        DatasetFormat format;

        @Option(names = "--val-ratio", paramLabel = "R", converter = Converters.ValRatio.class,
                description = "Share of examples held out for validation (default: 0), in the range of %%finetune "
                        + "--val-ratio. The split is fixed now (seeded by --seed): jobs validate on it and %%eval scores it.")
        Double valRatio;

        @Option(names = "--max-samples", paramLabel = "N", converter = OptionConverters.AtLeastOne.class,
                description = "Keep at most N examples.")
        Integer maxSamples;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the validation split and sampling.")
        Long seed;

        @Option(names = "--system", paramLabel = "TEXT",
                description = "A system prompt put in front of every conversation that has none of its own.")
        String system;

        @Option(names = "--columns", paramLabel = "question=Q,answer=A[,system=S]", converter = Converters.Columns.class,
                description = "Which columns (CSV) or fields (--format prompt-response) hold the question, the answer "
                        + "and optionally a per-row system prompt (default: question/answer, prompt/response or a "
                        + "common alias pair).")
        ColumnMapping columns;

        @Option(names = "--skip-bad-lines", description = "Drop invalid lines (and say how many) instead of refusing the file.")
        boolean skipBadLines;

        public Path path() {
            return path;
        }

        /** The dataset's name: {@code --name}, or the file name without its extension. */
        public String name() {
            if (name != null) {
                return name;
            }
            String file = path.getFileName().toString();
            int dot = file.lastIndexOf('.');
            return dot > 0 ? file.substring(0, dot) : file;
        }

        /** The format asked for, or null to detect it (auto). */
        public DatasetFormat format() {
            return format;
        }

        public Double valRatio() {
            return valRatio;
        }

        public Integer maxSamples() {
            return maxSamples;
        }

        public Long seed() {
            return seed;
        }

        public boolean skipBadLines() {
            return skipBadLines;
        }

        /** The default system prompt, or null. */
        public String system() {
            return system;
        }

        /** The column mapping, or null for the usual names. */
        public ColumnMapping columns() {
            return columns;
        }
    }

    @Command(name = "list", description = "List the datasets loaded in this session.")
    public static final class ListAll {
        @Mixin
        HelpFlag help;
    }

    @Command(name = "show", description = "Show a dataset's statistics, token-length histogram and first rows.")
    public static final class Show {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "NAME", description = "A loaded dataset.")
        String name;

        @Option(names = "--rows", paramLabel = "N", converter = OptionConverters.AtLeastZero.class,
                description = "How many examples to print (default: 5).")
        int rows = 5;

        @Option(names = "--model", paramLabel = "MODEL",
                description = "Count tokens with this model's tokenizer and chat template (default: tiny).")
        String model;

        @Option(names = "--max-seq-len", paramLabel = "T", converter = Converters.MaxSeqLen.class,
                description = "Count examples longer than the length you will train at (default: %%finetune's "
                        + "--max-seq-len default).")
        Integer maxSeqLen;

        public String name() {
            return name;
        }

        /** The length to check against, or null for the job default. */
        public Integer maxSeqLen() {
            return maxSeqLen;
        }

        public int rows() {
            return rows;
        }

        public String model() {
            return model;
        }
    }

    @Command(name = "mix", description = "Make a new dataset from others, each sampled at a rate (0.01 to 10; above 1 repeats).")
    public static final class Mix {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "NEW", description = "The new dataset's name.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME:RATE", converter = Converters.MixPartConverter.class,
                description = "A loaded dataset and its sampling rate, e.g. intents:0.5 faq:2.")
        List<MixPart> parts;

        public String name() {
            return name;
        }

        public List<MixPart> parts() {
            return List.copyOf(parts);
        }
    }
}
