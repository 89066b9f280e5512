package dev.jtune.kernel.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavadocSummaryTest {
    @Test
    void inspectionShowsTheFirstSentenceOnly() {
        assertEquals("Returns a string that is a substring of this string.", JavaEvaluator.firstSentence(
                "Returns a string that is a substring of this string. The\n substring begins ...\n@param beginIndex the index\n"));
        assertEquals("Returns the length of this string", JavaEvaluator.firstSentence(
                "Returns the length of this string\n@return the length"));
        assertEquals("Uses max as in Math.max(a, b).", JavaEvaluator.firstSentence(
                "Uses <b>max</b> as in {@code Math.max(a, b)}. More."));
        assertEquals("", JavaEvaluator.firstSentence(null));
    }
}
