package dev.jtune.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CellParserTest {
    @Test
    void plainJavaIsOneSegmentFromLineOne() {
        List<CellSegment> segments = CellParser.parse("int x = 1;\nx + 1");
        assertEquals(List.of(new CellSegment.Java("int x = 1;\nx + 1", 1)), segments);
    }

    @Test
    void cellMagicTakesTheRestAsBody() {
        List<CellSegment> segments = CellParser.parse("\n%%time --runs 3\nint y = 2;\ny * 2");
        assertEquals(1, segments.size());
        MagicInvocation inv = ((CellSegment.MagicCall) segments.get(0)).invocation();
        assertEquals("time", inv.name());
        assertEquals("--runs 3", inv.arguments());
        assertEquals(List.of("--runs", "3"), inv.argv());
        assertEquals("int y = 2;\ny * 2", inv.body());
        assertEquals(2, inv.line());
        assertTrue(inv.isCell());
    }

    @Test
    void lineMagicsSplitJavaAndKeepLineNumbers() {
        List<CellSegment> segments = CellParser.parse("int a = 1;\n%time a + 1\n  %classpath lib/x.jar\nint b = 2;\nb");
        assertEquals(4, segments.size());
        assertEquals(new CellSegment.Java("int a = 1;", 1), segments.get(0));
        MagicInvocation time = ((CellSegment.MagicCall) segments.get(1)).invocation();
        assertEquals("time", time.name());
        assertEquals("a + 1", time.arguments());
        assertNull(time.body());
        assertEquals(2, time.line());
        assertEquals("classpath", ((CellSegment.MagicCall) segments.get(2)).invocation().name());
        assertEquals(new CellSegment.Java("int b = 2;\nb", 4), segments.get(3));
    }

    @Test
    void anUnclosedQuoteIsReportedAtItsColumnInTheTypedLine() {
        CellSegment.MagicCall call = (CellSegment.MagicCall) CellParser.parse("x();\n  %finetune --data 'oops").get(1);
        assertNotNull(call.argumentError());
        assertEquals("finetune", call.invocation().name());
        assertTrue(call.argumentError().getMessage().contains("column 20"), call.argumentError().getMessage());
    }

    @Test
    void anApostropheInsideAWordReachesTheMagicAsTyped() {
        MagicInvocation chat = ((CellSegment.MagicCall) CellParser.parse("%chat tiny What's my balance?").get(0)).invocation();
        assertEquals(List.of("tiny", "What's", "my", "balance?"), chat.argv());
    }

    @Test
    void unknownNamesAreSuggestedFromCloseOnes() {
        MagicRegistry registry = new MagicRegistry();
        registry.add(new dev.jtune.kernel.magic.builtin.LsMagic());
        registry.add(new dev.jtune.kernel.magic.builtin.TimeMagic());
        assertEquals("lsmagic", registry.closest("lsmagc").orElseThrow());
        assertTrue(registry.closest("finetune").isEmpty());
    }
}
