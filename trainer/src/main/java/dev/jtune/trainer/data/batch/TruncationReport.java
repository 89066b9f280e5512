package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.example.SourceLocation;

import java.util.List;
import java.util.Locale;

/**
 * What cutting examples to the sequence length did. Nothing is cut silently: every example that lost tokens is
 * counted, and examples with nothing left to train on are dropped and counted, with where they came from.
 *
 * @param examples          examples given
 * @param truncated         examples longer than maxSeqLen (their end was cut)
 * @param trainedCut        truncated examples that lost trained tokens but kept some
 * @param trainedTokensCut  trained tokens removed in total (from kept and dropped examples)
 * @param dropped           examples left out because all their trained tokens lay past maxSeqLen
 * @param untrained         examples left out because they had no trained token at all (e.g. an empty reply)
 * @param droppedAt         where the first dropped examples came from (when known)
 */
public record TruncationReport(int maxSeqLen, int examples, int truncated, int trainedCut, long trainedTokensCut,
                               int dropped, int untrained, List<SourceLocation> droppedAt) {

    public TruncationReport {
        droppedAt = List.copyOf(droppedAt);
    }

    public int kept() {
        return examples - dropped - untrained;
    }

    public boolean anythingCut() {
        return truncated > 0 || untrained > 0;
    }

    /** A sentence for the job log and the notebook; empty when nothing was cut. */
    public String summary() {
        if (!anythingCut()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (truncated > 0) {
            sb.append(String.format(Locale.ROOT, "%d of %d examples are longer than %d tokens and were cut at the end",
                    truncated, examples, maxSeqLen));
            if (trainedCut > 0 || dropped > 0) {
                sb.append(String.format(Locale.ROOT, "; %d trained tokens were lost (%d examples kept part of their answer",
                        trainedTokensCut, trainedCut));
                if (dropped > 0) {
                    sb.append(String.format(Locale.ROOT, ", %d lost all of it and were dropped%s", dropped,
                            droppedAt.isEmpty() ? "" : ": " + droppedAt));
                }
                sb.append("). Raise --max-seq-len to keep them");
            }
            sb.append('.');
        }
        if (untrained > 0) {
            sb.append(sb.length() > 0 ? " " : "").append(String.format(Locale.ROOT,
                    "%d examples had no trained tokens and were dropped.", untrained));
        }
        return sb.toString();
    }
}
