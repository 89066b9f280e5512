package dev.jtune.trainer.data.stats;

import dev.jtune.trainer.data.ByteEncoder;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.EncodedExample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStatsTest {

    @Test
    void lengthDistributionFigures() {
        int[] l = new int[100];
        for (int i = 0; i < 100; i++) {
            l[i] = 100 - i;  // 1..100, unsorted
        }
        LengthDistribution d = LengthDistribution.of(l);
        assertEquals(1, d.min());
        assertEquals(100, d.max());
        assertEquals(50.5, d.mean(), 1e-9);
        assertEquals(50, d.p50());
        assertEquals(95, d.p95());
        assertEquals(100, LongStream.of(d.counts()).sum());
        assertEquals(5, d.binWidth(), "100 values over ~20 bins of a round width");
        for (int i = 0; i < d.bins(); i++) {
            long expected = 0;
            for (int v : l) {
                if (v >= d.binLow(i) && v < d.binLow(i + 1)) {
                    expected++;
                }
            }
            assertEquals(expected, d.counts()[i], "bin " + i);
        }
        assertEquals(0, LengthDistribution.of(new int[0]).bins());
    }

    @Test
    void tokenCountsAndOverLengthUnderTheEncoder() {
        ByteEncoder enc = new ByteEncoder();
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ex.add(Example.conversation(new SourceLocation(Path.of("s.jsonl"), i + 1), List.of(
                    new ChatMessage("system", "sys"), new ChatMessage("user", "q".repeat(i + 1)),
                    new ChatMessage("assistant", "a".repeat(30 - i)))));
        }
        ex.add(Example.text(new SourceLocation(Path.of("s.jsonl"), 31), "plain text here"));
        int maxLen = 50;
        DatasetStats s = StatsAccumulator.of(ex, enc, maxLen);
        long total = 0, trained = 0, over = 0, cut = 0, fully = 0, after = 0, turns = 0;
        for (Example e : ex) {
            EncodedExample x = e.encode(enc);
            total += x.length();
            trained += x.trainedTokens();
            turns += e.turns();
            after += Math.min(maxLen, x.length());
            if (x.length() > maxLen) {
                over++;
                int kept = new EncodedExample(java.util.Arrays.copyOf(x.inputIds(), maxLen),
                        java.util.Arrays.copyOf(x.weights(), maxLen)).trainedTokens();
                cut += x.trainedTokens() - kept;
                fully += kept == 0 ? 1 : 0;
            }
        }
        assertEquals(31, s.examples());
        assertEquals(30 * 3 + 1, s.turns());
        assertEquals(turns, s.turns());
        assertEquals(total, s.totalTokens());
        assertEquals(trained, s.trainedTokens());
        assertEquals(over, s.overLength());
        assertTrue(over > 0 && over < 31, "the fixture has some over-length examples: " + over);
        assertEquals(cut, s.trainedTokensCut());
        assertEquals(fully, s.fullyCut());
        assertEquals(after, s.tokensAfterTruncation());
        assertEquals(after * 3, s.tokensForEpochs(3));
        assertEquals(Duration.ofMillis(Math.round(after * 3 / 100.0 * 1000)), s.estimatedTime(3, 100));
        assertEquals(after * 2 / 1e6 * 4.0, s.estimatedCost(2, 4.0), 1e-12);
        assertEquals(s.lengths().max(), ex.stream().mapToInt(e -> e.encode(enc).length()).max().orElseThrow());
    }
}
