package dev.jtune.trainer.data.stats;

import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Builds {@link DatasetStats} one example at a time, so stats of a file too large to load can be taken while
 * streaming it (only one int per example is kept, for the percentiles).
 */
public final class StatsAccumulator implements Consumer<Example> {

    private final ConversationEncoder encoder;
    private final int maxSeqLen;
    private int[] lengths = new int[1024];
    private int count;
    private long turns;
    private long total;
    private long trained;
    private long afterTruncation;
    private long overLength;
    private long trainedCut;
    private long fullyCut;

    /** @param maxSeqLen truncation length; 0 or less means none */
    public StatsAccumulator(ConversationEncoder encoder, int maxSeqLen) {
        this.encoder = encoder;
        this.maxSeqLen = maxSeqLen;
    }

    /** Stats of all {@code examples}. */
    public static DatasetStats of(Iterable<Example> examples, ConversationEncoder encoder, int maxSeqLen) {
        StatsAccumulator acc = new StatsAccumulator(encoder, maxSeqLen);
        examples.forEach(acc);
        return acc.stats();
    }

    @Override
    public void accept(Example example) {
        EncodedExample e = example.isPreference() ? longer(example.encodePair(encoder)) : example.encode(encoder);
        if (count == lengths.length) {
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        lengths[count++] = e.length();
        turns += example.turns();
        total += e.length();
        int trainedHere = e.trainedTokens();
        trained += trainedHere;
        if (maxSeqLen > 0 && e.length() > maxSeqLen) {
            overLength++;
            afterTruncation += maxSeqLen;
            long cut = 0;
            float[] w = e.weights();
            for (int t = Math.max(1, maxSeqLen); t < w.length; t++) {
                if (w[t] != 0f) {
                    cut++;
                }
            }
            trainedCut += cut;
            if (cut == trainedHere && trainedHere > 0) {
                fullyCut++;
            }
        } else {
            afterTruncation += e.length();
        }
    }

    /** A preference pair counts as its prompt with the longer of its two answers: what one row of it costs. */
    private static EncodedExample longer(EncodedExample[] pair) {
        return pair[0].length() >= pair[1].length() ? pair[0] : pair[1];
    }

    public DatasetStats stats() {
        return new DatasetStats(count, turns, total, trained, afterTruncation,
                LengthDistribution.of(Arrays.copyOf(lengths, count)), Math.max(0, maxSeqLen), overLength, trainedCut,
                fullyCut);
    }
}
