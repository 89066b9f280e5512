package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.util.ArrayList;
import java.util.List;

/**
 * Examples ready for the model: encoded with the model's template, truncated, optionally packed into rows.
 * The job asks it for a {@link BatchPlan} and turns planned row indices into {@link Batch}es.
 */
public final class TrainingSet {

    private final List<EncodedExample> examples;
    private final List<int[]> rows;
    private final int[] rowLengths;
    private final TruncationReport truncation;
    private final SequenceOptions options;
    private final BatchCollator collator;

    private TrainingSet(SequenceTruncator.Result truncated, SequenceOptions options) {
        this.examples = truncated.examples();
        this.truncation = truncated.report();
        this.options = options;
        this.collator = new BatchCollator(options.padId(), options.padToMultipleOf());
        int[] lengths = examples.stream().mapToInt(EncodedExample::length).toArray();
        if (options.packing()) {
            rows = SequencePacker.pack(lengths, options.maxSeqLen());
        } else {
            rows = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                rows.add(new int[] {i});
            }
        }
        rowLengths = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int i : rows.get(r)) {
                rowLengths[r] += lengths[i];
            }
        }
    }

    /** Encodes {@code examples} with {@code encoder}, then truncates and packs them. */
    public static TrainingSet build(List<Example> examples, ConversationEncoder encoder, SequenceOptions options) {
        List<EncodedExample> encoded = new ArrayList<>(examples.size());
        List<dev.jtune.trainer.data.example.SourceLocation> sources = new ArrayList<>(examples.size());
        for (Example e : examples) {
            encoded.add(e.encode(encoder));
            sources.add(e.source());
        }
        return new TrainingSet(SequenceTruncator.truncate(encoded, sources, options.maxSeqLen()), options);
    }

    /** From already encoded examples (no source locations in the report). */
    public static TrainingSet of(List<EncodedExample> encoded, SequenceOptions options) {
        return new TrainingSet(SequenceTruncator.truncate(encoded, null, options.maxSeqLen()), options);
    }

    public TruncationReport truncation() {
        return truncation;
    }

    /** Examples kept after truncation. */
    public int examples() {
        return examples.size();
    }

    /** Model rows: examples, or packed rows when packing is on. */
    public int rows() {
        return rows.size();
    }

    public int rowLength(int row) {
        return rowLengths[row];
    }

    /** Tokens one epoch processes (no padding). */
    public long tokens() {
        long n = 0;
        for (int l : rowLengths) {
            n += l;
        }
        return n;
    }

    /** Trained tokens one epoch scores. */
    public long trainedTokens() {
        long n = 0;
        for (EncodedExample e : examples) {
            n += e.trainedTokens();
        }
        return n;
    }

    /** The batch order for training; group by length as set in the options. */
    public BatchPlan plan(int batchSize, long seed) {
        return new BatchPlan(rowLengths, batchSize, seed, options.groupByLength());
    }

    /** The batch made of the given rows (e.g. {@code plan.batch(epoch, i)}). */
    public Batch batch(int[] rowIndices) {
        List<List<EncodedExample>> content = new ArrayList<>(rowIndices.length);
        for (int r : rowIndices) {
            List<EncodedExample> row = new ArrayList<>();
            for (int i : rows.get(r)) {
                row.add(examples.get(i));
            }
            content.add(row);
        }
        return collator.collate(content);
    }

    /** All rows in order, {@code batchSize} at a time: for validation, where order does not matter. */
    public List<Batch> inOrder(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        List<Batch> out = new ArrayList<>();
        for (int s = 0; s < rows.size(); s += batchSize) {
            int[] idx = new int[Math.min(batchSize, rows.size() - s)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = s + i;
            }
            out.add(batch(idx));
        }
        return out;
    }
}
