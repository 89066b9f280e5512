package dev.jtune.trainer.runtime;

import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.Seeds;
import dev.jtune.trainer.data.batch.PreferenceSet;
import dev.jtune.trainer.data.batch.SequenceOptions;
import dev.jtune.trainer.data.batch.TrainingSet;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.job.TrainingData;
import dev.jtune.trainer.job.TrainingDataFactory;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.Tokenizer;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a job's {@code data} (and {@code val}) by name: a dataset of this session's {@link DatasetCatalog}, else
 * one the workspace keeps ({@link DatasetStore}), else a file path. A dataset that holds examples out (split at
 * load, or a mix) is trained on its training split and validated on its held-out split, as it was shown; other
 * data is split by {@code val-ratio} and {@code seed} unless {@code val} names validation data.
 * {@code max-samples} keeps a seeded random subset of the training examples.
 * Examples are encoded with the base model's tokenizer and chat template.
 */
public final class JobDataFactory implements TrainingDataFactory {

    private final DatasetCatalog catalog;
    private final DatasetStore store;
    private final EncoderCache encoders;
    private final DatasetLoader loader = new DatasetLoader();

    public JobDataFactory(DatasetCatalog catalog, DatasetStore store, EncoderCache encoders) {
        this.catalog = catalog;
        this.store = store;
        this.encoders = encoders;
    }

    @Override
    public TrainingData open(JobConfig config, ResolvedModel model) {
        DatasetSplit data = split("--data", config.data(), config.seed());
        checkValRatio(config, data);
        List<Example> train;
        List<Example> validation;
        if (config.val() != null && !config.val().isBlank()) {
            train = data.train();  // held-out examples stay out of training even when validating on other data
            validation = examples("--val", config.val(), config.seed());
        } else if (data.holdsOut()) {
            train = data.train();
            validation = data.validation();
        } else {
            DatasetSplit split = DatasetSplit.of(data.train(), config.valRatio(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        train = sample(train, config.maxSamples(), config.seed());
        checkStage(config, "--data " + config.data(), train);
        checkStage(config, config.val() == null || config.val().isBlank() ? "--data " + config.data()
                : "--val " + config.val(), validation);
        ChatEncoder encoder = encoders.get(model.baseFolder());
        SequenceOptions sequences = SequenceOptions.of(config.maxSeqLen(), config.packing(), padId(encoder.tokenizer()));
        if (config.trainsPreferences()) {
            return new PreferenceTrainingData(PreferenceSet.build(train, encoder, sequences),
                    validation.isEmpty() ? null : PreferenceSet.build(validation, encoder, sequences),
                    config.batchSize(), config.seed());
        }
        TrainingSet trainSet = TrainingSet.build(train, encoder, sequences);
        TrainingSet valSet = validation.isEmpty() ? null : TrainingSet.build(validation, encoder, sequences);
        return new EncodedTrainingData(trainSet, valSet, config.batchSize(), config.seed());
    }

    /** A DPO job trains on preference pairs and an SFT job on anything else: the other way round is refused. */
    /** @param named the flag and value the examples came from ({@code --data NAME}), for the message */
    private static void checkStage(JobConfig config, String named, List<Example> examples) {
        // every example: a dataset read from one file holds one kind, but a list handed in may not
        Example first = examples.stream().filter(e -> e.isPreference() != config.trainsPreferences()).findFirst()
                .orElse(null);
        if (first == null) {
            return;
        }
        if (config.trainsPreferences()) {
            throw new IllegalArgumentException("--stage dpo needs preference pairs, but " + named
                    + " holds SFT examples (" + first.source() + " has no rejected answer). Use a file of "
                    + "prompt/chosen/rejected records (or scored candidates), or train it with --stage sft.");
        }
        throw new IllegalArgumentException(named + " holds preference pairs (prompt, chosen "
                + "and rejected answers), which --stage " + config.stage() + " cannot train: add --stage dpo.");
    }

    @Override
    public void checkReferences(JobConfig config) {
        requireKnown("--data", config.data());
        catalog.find(config.data()).ifPresent(entry -> checkValRatio(config, entry.split()));
        // before a job folder exists: a stage that cannot train the loaded data is refused here
        catalog.find(config.data()).ifPresent(entry -> checkStage(config, "--data " + config.data(),
                entry.split().all()));
        if (config.val() != null) {
            requireKnown("--val", config.val());
        }
    }

    private void requireKnown(String flag, String reference) {
        requirePresent(flag, reference);
        if (catalog.find(reference).isEmpty() && store.find(reference).isEmpty() && asFile(reference) == null) {
            throw unknown(flag, reference);
        }
    }

    private static void requirePresent(String flag, String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException(flag + " is missing: name a dataset loaded with %dataset load, or a "
                    + "file (JSONL, JSON, CSV or TXT).");
        }
    }

    /**
     * A dataset split at load or mix time keeps that split: a different {@code val-ratio} set for the job would
     * move held-out examples into training, so it is refused rather than silently ignored.
     */
    private static void checkValRatio(JobConfig config, DatasetSplit data) {
        if (data.holdsOut() && config.isSetByUser("val-ratio") && Math.abs(config.valRatio() - data.ratio()) > 1e-9
                && (config.val() == null || config.val().isBlank())) {
            throw new IllegalArgumentException("--val-ratio " + config.valRatio() + " conflicts with the split of --data "
                    + config.data() + ", which already holds out " + data.validation().size() + " examples (ratio "
                    + (float) data.ratio() + ", seed " + data.seed() + "): a job keeps that split so the held-out "
                    + "examples stay out of training. Leave --val-ratio out, or split the dataset again where it was "
                    + "loaded (%dataset load ... --val-ratio " + config.valRatio() + ").");
        }
    }

    /** Every example a {@code --data}/{@code --val} value names, training and held-out ones. */
    public List<Example> examples(String flag, String reference, long seed) {
        return split(flag, reference, seed).all();
    }

    /**
     * The examples a {@code --data}/{@code --val} value names, with the split its dataset was given at load or mix
     * time (none for a file or a dataset loaded without one).
     */
    public DatasetSplit split(String flag, String reference, long seed) {
        requirePresent(flag, reference);
        var entry = catalog.find(reference);
        if (entry.isPresent()) {
            return entry.get().split();
        }
        var saved = store.find(reference);
        if (saved.isPresent()) {
            try {
                return store.split(reference, load(saved.get(), reference, seed));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(flag + " " + reference + ": " + e.getMessage(), e);
            }
        }
        Path file = asFile(reference);
        if (file != null) {
            return DatasetSplit.none(load(file, DatasetLoader.defaultName(file), seed));
        }
        throw unknown(flag, reference);
    }

    private IllegalArgumentException unknown(String flag, String reference) {
        List<String> known = catalog.list().stream().map(CatalogEntry::name).toList();
        return new IllegalArgumentException(flag + " " + reference + ": there is no dataset of that name ("
                + (known.isEmpty() ? "none is loaded in this session" : "loaded: " + String.join(", ", known))
                + ", none saved in " + store.dir() + ") and no file " + Path.of("").toAbsolutePath()
                .resolve(reference.trim()) + ". Load it with %dataset load PATH --name " + reference
                + ", or give the file's path.");
    }

    private List<Example> load(Path file, String name, long seed) {
        return loader.load(file, name, DatasetOptions.DEFAULT.withSeed(seed)).examples();
    }

    private static Path asFile(String reference) {
        try {
            Path p = Path.of(reference.trim());
            // anything there (a folder, a FIFO, a link loop) is the user's file: the loader says what is wrong with it
            return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A seeded random subset of {@code max} examples, kept in file order (0 keeps all). */
    public static List<Example> sample(List<Example> examples, int max, long seed) {
        if (max <= 0 || max >= examples.size()) {
            return examples;
        }
        List<Example> kept = new ArrayList<>(max);
        for (int i : Seeds.choose(examples.size(), max, Seeds.random(seed, Seeds.SAMPLE, 1))) {
            kept.add(examples.get(i));
        }
        return kept;
    }

    /** Padding positions are masked out, so any id works; the tokenizer's pad, else EOS, else 0. */
    private static int padId(Tokenizer tokenizer) {
        return tokenizer.padId().orElse(tokenizer.eosId().orElse(0));
    }
}
