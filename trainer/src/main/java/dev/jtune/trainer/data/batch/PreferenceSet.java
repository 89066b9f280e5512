package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Preference pairs ready for the model: each pair encoded as prompt + chosen and prompt + rejected (loss on the
 * answers only), cut to the sequence length, never packed. A batch of pairs is one {@link Batch} whose rows are
 * [chosen₁ … chosenₙ, rejected₁ … rejectedₙ], so chosen and rejected go through the model in one forward pass.
 */
public final class PreferenceSet {

    private final List<EncodedExample[]> pairs;
    private final int[] pairLengths;
    private final int dropped;
    private final BatchCollator collator;
    private final SequenceOptions options;

    private PreferenceSet(List<EncodedExample[]> pairs, int dropped, SequenceOptions options) {
        this.pairs = pairs;
        this.dropped = dropped;
        this.options = options;
        this.collator = new BatchCollator(options.padId(), options.padToMultipleOf());
        this.pairLengths = pairs.stream().mapToInt(p -> Math.max(p[0].length(), p[1].length())).toArray();
    }

    /**
     * Encodes the pairs; a pair whose chosen or rejected answer loses every token to {@code maxSeqLen} is left out
     * (see {@link #dropped()}).
     *
     * @throws IllegalArgumentException when an example is not a preference pair
     */
    public static PreferenceSet build(List<Example> examples, ConversationEncoder encoder, SequenceOptions options) {
        if (options.packing()) {
            throw new IllegalArgumentException("preference pairs are never packed");
        }
        List<EncodedExample[]> pairs = new ArrayList<>(examples.size());
        int dropped = 0;
        for (Example e : examples) {
            if (!e.isPreference()) {
                throw new IllegalArgumentException("line " + e.source().line() + " is not a preference pair");
            }
            EncodedExample[] pair = e.encodePair(encoder);
            EncodedExample chosen = cut(pair[0], options.maxSeqLen());
            EncodedExample rejected = cut(pair[1], options.maxSeqLen());
            if (chosen.trainedTokens() == 0 || rejected.trainedTokens() == 0) {
                dropped++;
            } else {
                pairs.add(new EncodedExample[] {chosen, rejected});
            }
        }
        return new PreferenceSet(pairs, dropped, options);
    }

    private static EncodedExample cut(EncodedExample e, int maxSeqLen) {
        if (maxSeqLen <= 0 || e.length() <= maxSeqLen) {
            return e;
        }
        return new EncodedExample(Arrays.copyOf(e.inputIds(), maxSeqLen), Arrays.copyOf(e.weights(), maxSeqLen));
    }

    public int pairs() {
        return pairs.size();
    }

    /** Pairs left out because truncation cut away all of an answer. */
    public int dropped() {
        return dropped;
    }

    /** Tokens of the longest chosen or rejected sequence (0 when there are no pairs). */
    public int longestSequence() {
        return Arrays.stream(pairLengths).max().orElse(0);
    }

    /** Tokens of one epoch, both answers of every pair (no padding). */
    public long tokens() {
        long n = 0;
        for (EncodedExample[] p : pairs) {
            n += p[0].length() + p[1].length();
        }
        return n;
    }

    /** The order of pairs for training (batch size counts pairs). */
    public BatchPlan plan(int batchSize, long seed) {
        return new BatchPlan(pairLengths, batchSize, seed, options.groupByLength());
    }

    /** The concatenated batch of the given pairs: their chosen rows, then their rejected rows. */
    public Batch batch(int[] pairIndices) {
        List<List<EncodedExample>> rows = new ArrayList<>(2 * pairIndices.length);
        for (int i : pairIndices) {
            rows.add(List.of(pairs.get(i)[0]));
        }
        for (int i : pairIndices) {
            rows.add(List.of(pairs.get(i)[1]));
        }
        return collator.collate(rows);
    }

    /** All pairs in order, {@code batchSize} at a time (validation). */
    public List<Batch> inOrder(int batchSize) {
        List<Batch> out = new ArrayList<>();
        for (int s = 0; s < pairs.size(); s += batchSize) {
            int[] idx = new int[Math.min(batchSize, pairs.size() - s)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = s + i;
            }
            out.add(batch(idx));
        }
        return out;
    }
}
