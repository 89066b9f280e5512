package dev.jtune.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ROUGE-L and BLEU against values worked out by hand on small cases (the arithmetic is in each comment). */
class TextMetricsTest {

    @Test
    void rougeLIsTheF1OfTheLongestCommonSubsequence() {
        // LCS "the cat on the mat" = 5 of 6 tokens each way: P = R = 5/6
        assertEquals(5.0 / 6, TextMetrics.rougeL("the cat sat on the mat", "the cat lay on the mat"), 1e-12);
        // LCS of "a b c d" and "b a d" is 2 ("a d"): P = 2/3, R = 2/4, F = 2PR/(P+R) = (2/3)/(7/6) = 4/7
        assertEquals(4.0 / 7, TextMetrics.rougeL("a b c d", "b a d"), 1e-12);
        assertEquals(1.0, TextMetrics.rougeL("card_lost", "  card_lost\n"), 1e-12);
        assertEquals(0.0, TextMetrics.rougeL("card_lost", "balance"), 1e-12);
        assertEquals(0.0, TextMetrics.rougeL("card_lost", ""), 1e-12);
    }

    @Test
    void bleuOfOnePairWithPerfectPrecisionIsTheBrevityPenalty() {
        // "a b c d" against "a b c d e": every n-gram precision is 1, c = 4 < r = 5: BP = exp(1 - 5/4)
        assertEquals(Math.exp(-0.25), TextMetrics.corpusBleu(List.of("a b c d e"), List.of("a b c d")), 1e-12);
        assertEquals(1.0, TextMetrics.corpusBleu(List.of("a b c d"), List.of("a b c d")), 1e-12);
    }

    @Test
    void corpusBleuSumsClippedMatchesOverAllPairsBeforeDividing() {
        // pair 2, "a b c d x f" against "a b c d e f": 1-grams 5/6, 2-grams 3/5, 3-grams 2/4, 4-grams 1/3, c = r = 6
        assertEquals(Math.pow(5.0 / 6 * 3.0 / 5 * 2.0 / 4 * 1.0 / 3, 0.25),
                TextMetrics.corpusBleu(List.of("a b c d e f"), List.of("a b c d x f")), 1e-12);
        // both pairs as one corpus: (4+5)/(4+6), (3+3)/(3+5), (2+2)/(2+4), (1+1)/(1+3); c = 10, r = 11
        double expected = Math.exp(1 - 11.0 / 10) * Math.pow(9.0 / 10 * 6.0 / 8 * 4.0 / 6 * 2.0 / 4, 0.25);
        assertEquals(0.6231838376616489, expected, 1e-12);
        assertEquals(expected, TextMetrics.corpusBleu(List.of("a b c d e", "a b c d e f"),
                List.of("a b c d", "a b c d x f")), 1e-12);
    }

    @Test
    void bleuClipsRepeatedWordsAndIsZeroWithoutAFourGramMatch() {
        // "the the the the" against "the cat": unigram matches clipped to 1 of 4, no bigram match at all
        assertEquals(0.0, TextMetrics.corpusBleu(List.of("the cat"), List.of("the the the the")), 1e-12);
        assertEquals(0.0, TextMetrics.corpusBleu(List.of("card_lost"), List.of("card_lost")), 1e-12,
                "one-word answers have no 4-grams: BLEU-4 is 0, which is why labels are scored with exact");
    }
}
