package dev.jtune.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelBreakdownTest {

    private static List<EvalOutcome> outcomes(String... expectedGot) {
        List<EvalOutcome> out = new ArrayList<>();
        for (int i = 0; i < expectedGot.length; i += 2) {
            out.add(Evaluator.score(i / 2, new EvalExample(List.of(), expectedGot[i]), expectedGot[i + 1]));
        }
        return out;
    }

    @Test
    void countsAccuracyPerLabelAndTheCommonestConfusions() {
        LabelBreakdown b = LabelBreakdown.of(outcomes("card_lost", "card_lost", "card_lost", "balance",
                "card_lost", "balance", "balance", "balance", "refund", "refund", "refund", "card_lost"),
                EvalMetric.EXACT).orElseThrow();
        assertEquals(List.of(new LabelBreakdown.Row("card_lost", 3, 1), new LabelBreakdown.Row("refund", 2, 1),
                new LabelBreakdown.Row("balance", 1, 1)), b.rows());
        assertEquals(new LabelBreakdown.Confusion("card_lost", "balance", 2), b.confusions().get(0));
        assertEquals(new LabelBreakdown.Confusion("refund", "card_lost", 1), b.confusions().get(1));
        assertEquals(2, b.confusions().size());
    }

    @Test
    void freeTextAnswersAndAllDistinctAnswersAreNotLabels() {
        assertTrue(LabelBreakdown.of(outcomes("Go to settings and tap reset password now", "x",
                "Go to settings and tap reset password now", "y"), EvalMetric.EXACT).isEmpty());
        assertTrue(LabelBreakdown.of(outcomes("a", "a", "b", "b", "c", "c"), EvalMetric.EXACT).isEmpty());
    }
}
