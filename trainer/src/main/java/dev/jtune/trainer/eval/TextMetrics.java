package dev.jtune.trainer.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE-L and corpus BLEU on whitespace tokens, case-sensitive. Kept free of any tokenizer so a score does not
 * change with the model being scored.
 */
public final class TextMetrics {

    static final int BLEU_ORDER = 4;

    private TextMetrics() {
    }

    static List<String> tokens(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    /** F1 of the longest common subsequence: 2PR/(P+R) with P = lcs/|candidate|, R = lcs/|reference|. */
    public static double rougeL(String reference, String candidate) {
        List<String> r = tokens(reference);
        List<String> c = tokens(candidate);
        if (r.isEmpty() || c.isEmpty()) {
            return r.isEmpty() && c.isEmpty() ? 1 : 0;
        }
        int lcs = lcs(r, c);
        if (lcs == 0) {
            return 0;
        }
        double p = (double) lcs / c.size();
        double rec = (double) lcs / r.size();
        return 2 * p * rec / (p + rec);
    }

    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    /**
     * Corpus BLEU-4 (Papineni et al.): n-gram matches clipped by the reference counts and summed over all pairs for
     * n = 1..4, the geometric mean of the four precisions, times the brevity penalty exp(1 − r/c) when the outputs
     * are shorter in total than the references. Unsmoothed, as NLTK's corpus_bleu: any order without a match
     * gives 0.
     */
    public static double corpusBleu(List<String> references, List<String> candidates) {
        if (references.size() != candidates.size()) {
            throw new IllegalArgumentException("BLEU needs one output per reference");
        }
        long[] matches = new long[BLEU_ORDER];
        long[] totals = new long[BLEU_ORDER];
        long refLength = 0;
        long candLength = 0;
        for (int i = 0; i < references.size(); i++) {
            List<String> r = tokens(references.get(i));
            List<String> c = tokens(candidates.get(i));
            refLength += r.size();
            candLength += c.size();
            for (int n = 1; n <= BLEU_ORDER; n++) {
                Map<List<String>, Integer> refCounts = ngrams(r, n);
                for (Map.Entry<List<String>, Integer> g : ngrams(c, n).entrySet()) {
                    matches[n - 1] += Math.min(g.getValue(), refCounts.getOrDefault(g.getKey(), 0));
                }
                totals[n - 1] += Math.max(0, c.size() - n + 1);
            }
        }
        double logSum = 0;
        for (int n = 0; n < BLEU_ORDER; n++) {
            if (matches[n] == 0) {
                return 0;
            }
            logSum += Math.log((double) matches[n] / totals[n]);
        }
        double brevity = candLength >= refLength ? 1 : Math.exp(1 - (double) refLength / candLength);
        return brevity * Math.exp(logSum / BLEU_ORDER);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }
}
