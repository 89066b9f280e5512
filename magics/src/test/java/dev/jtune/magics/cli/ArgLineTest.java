package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ArgLineTest {
    @Test
    void splitsOnWhitespaceAndKeepsQuotedWordsWhole() {
        assertEquals(List.of("load", "data/my file.jsonl", "--name", "x"), ArgLine.split("  load \"data/my file.jsonl\"\t--name x "));
        assertEquals(List.of("--system", "Be brief."), ArgLine.split("--system 'Be brief.'"));
    }

    @Test
    void quoteInsideAWordIsLiteral() {
        assertEquals(List.of("what's", "my", "balance?"), ArgLine.split("what's my balance?"));
    }

    @Test
    void doubleQuotesUnderstandBackslashEscapes() {
        assertEquals(List.of("say \"hi\"\nnow"), ArgLine.split("\"say \\\"hi\\\"\\nnow\""));
    }

    @Test
    void unclosedQuoteIsAUsageErrorThatSaysWhere() {
        UsageError error = assertThrows(UsageError.class, () -> ArgLine.split("tiny \"never closed"));
        assertTrue(error.getMessage().contains("column 6"), error.getMessage());
    }

    @Test
    void emptyLineHasNoWords() {
        assertEquals(List.of(), ArgLine.split("   "));
        assertEquals(List.of(), ArgLine.split(null));
    }
}
