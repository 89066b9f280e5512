package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.ByteEncoder;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.EncodedExample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncationAndPackingTest {

    /** ids 1..len (offset by base), weights 0 for the first {@code prompt} tokens and 1 after. */
    private static EncodedExample ex(int base, int len, int prompt) {
        int[] ids = new int[len];
        float[] w = new float[len];
        for (int i = 0; i < len; i++) {
            ids[i] = base + i;
            w[i] = i < prompt ? 0f : 1f;
        }
        return new EncodedExample(ids, w);
    }

    @Test
    void truncationKeepsTheStartAndCountsEverythingCut() {
        List<EncodedExample> in = List.of(
                ex(0, 8, 3),    // fits
                ex(100, 14, 6), // cut at 10: trained 6..13 → keeps 6..9, loses 4
                ex(200, 16, 12), // all trained tokens (12..15) past 10 → dropped
                ex(300, 5, 5)); // nothing trained → dropped
        List<SourceLocation> src = List.of(loc(1), loc(2), loc(3), loc(4));
        SequenceTruncator.Result r = SequenceTruncator.truncate(in, src, 10);
        TruncationReport rep = r.report();
        assertEquals(2, r.examples().size());
        assertEquals(List.of(0, 1), r.originalIndex());
        assertArrayEquals(Arrays.copyOf(in.get(1).inputIds(), 10), r.examples().get(1).inputIds(), "the start is kept");
        assertEquals(2, rep.truncated());
        assertEquals(1, rep.trainedCut());
        assertEquals(4 + 4, rep.trainedTokensCut());
        assertEquals(1, rep.dropped());
        assertEquals(1, rep.untrained());
        assertEquals(List.of(loc(3)), rep.droppedAt());
        assertEquals(2, rep.kept());
        String s = rep.summary();
        assertTrue(s.contains("2 of 4 examples are longer than 10 tokens") && s.contains("1 lost all of it and were dropped")
                && s.contains("d.jsonl:3") && s.contains("--max-seq-len") && s.contains("1 examples had no trained tokens"), s);
        assertEquals("", SequenceTruncator.truncate(List.of(ex(0, 4, 1)), null, 10).report().summary());
    }

    @Test
    void packingPutsExamplesSideBySideWithSegmentsAndRestartingPositions() {
        // capacity 10: lengths 6,4,5,3 → best-fit decreasing: [6,4] [5,3]
        List<EncodedExample> in = List.of(ex(10, 6, 2), ex(20, 4, 1), ex(30, 5, 2), ex(40, 3, 1));
        TrainingSet set = TrainingSet.of(in, new SequenceOptions(10, true, 999, 1, false));
        assertEquals(2, set.rows());
        Batch b = set.batch(new int[] {0, 1});
        assertEquals(10, b.sequenceLength());
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, 15, 20, 21, 22, 23}, b.inputIds()[0]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 2, 2, 2, 2}, b.segmentIds()[0]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3}, b.positionIds()[0]);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 0, 1, 1, 1}, b.weights()[0],
                "the first token of each segment is never a target (no prediction across the boundary)");
        // row 2 = [5,3] → 8 tokens + 2 padding
        assertArrayEquals(new int[] {30, 31, 32, 33, 34, 40, 41, 42, 999, 999}, b.inputIds()[1]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 2, 2, 2, 0, 0}, b.segmentIds()[1]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 0, 1, 2, 0, 0}, b.positionIds()[1]);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 0, 1, 1, 0, 0}, b.weights()[1]);
        assertEquals(18, b.tokens());
        double expected = in.stream().mapToInt(EncodedExample::trainedTokens).sum();
        assertEquals(expected, b.trainedWeight(), "packing keeps every trained token");
        assertEquals(expected, sum(b.weights()));
    }

    @Test
    void packerNeverOverfillsAndUsesEveryExampleOnce() {
        int[] lengths = new int[200];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 1 + r.nextInt(64);
        }
        List<int[]> rows = SequencePacker.pack(lengths, 64);
        boolean[] seen = new boolean[lengths.length];
        long total = 0;
        for (int[] row : rows) {
            int sum = 0;
            for (int i : row) {
                assertTrue(!seen[i]);
                seen[i] = true;
                sum += lengths[i];
            }
            assertTrue(sum <= 64);
            total += sum;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertTrue(rows.size() <= Math.ceil(total / 64.0) * 1.25, rows.size() + " rows for " + total + " tokens");
        assertEquals(rows.stream().map(Arrays::toString).toList(),
                SequencePacker.pack(lengths, 64).stream().map(Arrays::toString).toList(), "deterministic");
    }

    @Test
    void paddingWithoutPackingRightPadsToTheLongestRowOrAMultiple() {
        List<EncodedExample> in = List.of(ex(10, 3, 1), ex(20, 5, 1));
        Batch b = TrainingSet.of(in, new SequenceOptions(16, false, 7, 1, false)).batch(new int[] {0, 1});
        assertEquals(5, b.sequenceLength());
        assertArrayEquals(new int[] {10, 11, 12, 7, 7}, b.inputIds()[0]);
        assertArrayEquals(new float[] {0, 1, 1, 0, 0}, b.weights()[0]);
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, b.segmentIds()[0]);
        assertArrayEquals(new int[] {0, 1, 2, 0, 0}, b.positionIds()[0]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, b.segmentIds()[1]);
        Batch eight = TrainingSet.of(in, new SequenceOptions(16, false, 7, 8, false)).batch(new int[] {0, 1});
        assertEquals(8, eight.sequenceLength());
        assertEquals(b.trainedWeight(), eight.trainedWeight());
    }

    @Test
    void conversationsThroughTheEncoderKeepAssistantWeights() {
        Example e = Example.conversation(loc(1), List.of(new ChatMessage("user", "hi"),
                new ChatMessage("assistant", "yo", 2.0)));
        TrainingSet set = TrainingSet.build(List.of(e, e), new ByteEncoder(), SequenceOptions.of(64, false, ByteEncoder.PAD));
        Batch b = set.batch(new int[] {0});
        // "yo" + end marker trained with weight 2
        assertEquals(6.0, b.trainedWeight());
        assertEquals(2, set.inOrder(1).size());
        assertEquals(set.tokens(), set.inOrder(2).get(0).tokens());
    }

    private static double sum(float[][] w) {
        double s = 0;
        for (float[] row : w) {
            for (float x : row) {
                s += x;
            }
        }
        return s;
    }

    private static SourceLocation loc(int line) {
        return new SourceLocation(Path.of("d.jsonl"), line);
    }
}
