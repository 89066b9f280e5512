package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.EncodedExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts encoded examples to the sequence length, keeping the start (the prompt the answer depends on), and
 * drops examples left with nothing to train on. Everything cut is counted in a {@link TruncationReport}.
 */
public final class SequenceTruncator {

    private static final int LOCATIONS_KEPT = 20;

    /** The kept examples (in order, cut to maxSeqLen) and what was cut. */
    public record Result(List<EncodedExample> examples, List<Integer> originalIndex, TruncationReport report) {
    }

    private SequenceTruncator() {
    }

    /**
     * @param sources where each example came from, for the report; may be null
     */
    public static Result truncate(List<EncodedExample> examples, List<SourceLocation> sources, int maxSeqLen) {
        List<EncodedExample> kept = new ArrayList<>(examples.size());
        List<Integer> index = new ArrayList<>(examples.size());
        List<SourceLocation> droppedAt = new ArrayList<>();
        int truncated = 0, trainedCut = 0, dropped = 0, untrained = 0;
        long tokensCut = 0;
        for (int i = 0; i < examples.size(); i++) {
            EncodedExample e = examples.get(i);
            int before = e.trainedTokens();
            if (before == 0) {
                untrained++;
                continue;
            }
            if (e.length() > maxSeqLen) {
                truncated++;
                e = new EncodedExample(Arrays.copyOf(e.inputIds(), maxSeqLen), Arrays.copyOf(e.weights(), maxSeqLen));
                int after = e.trainedTokens();
                tokensCut += before - after;
                if (after == 0) {
                    dropped++;
                    if (sources != null && droppedAt.size() < LOCATIONS_KEPT) {
                        droppedAt.add(sources.get(i));
                    }
                    continue;
                }
                if (after < before) {
                    trainedCut++;
                }
            }
            kept.add(e);
            index.add(i);
        }
        return new Result(kept, index, new TruncationReport(maxSeqLen, examples.size(), truncated, trainedCut, tokensCut,
                dropped, untrained, droppedAt));
    }
}
