package dev.jtune.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgSplitterTest {
    @Test
    void quotesGroupOnlyWhereAWordStartsWithOne() throws MagicException {
        assertEquals(List.of("load", "data/my file.jsonl", "--name", "x"), ArgSplitter.split("  load \"data/my file.jsonl\"\t--name x "));
        assertEquals(List.of("--system", "Be brief."), ArgSplitter.split("--system 'Be brief.'"));
        assertEquals(List.of("what's", "my", "balance?"), ArgSplitter.split("what's my balance?"));
        assertEquals(List.of("--name=\"a", "b\""), ArgSplitter.split("--name=\"a b\""));
    }

    @Test
    void doubleQuotesUnderstandEscapesAndSingleQuotesKeepEverything() throws MagicException {
        assertEquals(List.of("say \"hi\"\nnow"), ArgSplitter.split("\"say \\\"hi\\\"\\nnow\""));
        assertEquals(List.of("a\\nb"), ArgSplitter.split("'a\\nb'"));
        assertEquals(List.of("C:\\data"), ArgSplitter.split("C:\\data"));
        assertEquals(List.of("it's", "ok"), ArgSplitter.split("\"it's\" ok"));
    }

    @Test
    void aQuotedStartContinuesToTheNextSpace() throws MagicException {
        assertEquals(List.of("a bc", "d"), ArgSplitter.split("\"a b\"c d"));
        assertEquals(List.of("--lr=3e-4", ""), ArgSplitter.split("--lr=3e-4 ''"));
    }

    @Test
    void anUnclosedQuoteNamesItsColumn() {
        MagicException error = assertThrows(MagicException.class, () -> ArgSplitter.split("tiny \"never closed"));
        assertTrue(error.getMessage().contains("column 6"), error.getMessage());
        MagicException shifted = assertThrows(MagicException.class, () -> ArgSplitter.split("x 'y", 7));
        assertTrue(shifted.getMessage().contains("column 9"), shifted.getMessage());
    }

    @Test
    void blankAndMissingTextHaveNoWords() throws MagicException {
        assertEquals(List.of(), ArgSplitter.split("   "));
        assertEquals(List.of(), ArgSplitter.split(null));
    }

    @Test
    void partialSplitsTheWordsBeforeTheCursorAndNeverFails() {
        assertEquals(new ArgSplitter.Partial(List.of("load", "a b"), "--na", 11), ArgSplitter.partial("load \"a b\" --na"));
        assertEquals(new ArgSplitter.Partial(List.of("--method"), "", 9), ArgSplitter.partial("--method "));
        assertEquals(new ArgSplitter.Partial(List.of("load"), "\"data/my f", 5), ArgSplitter.partial("load \"data/my f"));
    }
}
