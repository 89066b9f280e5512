package dev.jtune.trainer.data.batch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlanTest {

    private static int[] lengths(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = 1 + (i * 37) % 101;
        }
        return l;
    }

    private static List<String> show(List<int[]> batches) {
        return batches.stream().map(Arrays::toString).toList();
    }

    @Test
    void everyRowOncePerEpochWithAPartialLastBatch() {
        BatchPlan plan = new BatchPlan(lengths(103), 8, 42, false);
        assertEquals(13, plan.batchesPerEpoch());
        List<int[]> e0 = plan.epoch(0);
        assertEquals(13, e0.size());
        assertEquals(103 - 12 * 8, e0.get(12).length);
        int[] all = e0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expected = new int[103];
        Arrays.setAll(expected, i -> i);
        assertEquals(Arrays.toString(expected), Arrays.toString(all));
    }

    @Test
    void sameSeedSameOrderNewEpochNewOrder() {
        BatchPlan a = new BatchPlan(lengths(50), 4, 42, false);
        BatchPlan b = new BatchPlan(lengths(50), 4, 42, false);
        assertEquals(show(a.epoch(0)), show(b.epoch(0)));
        assertEquals(show(a.epoch(3)), show(b.epoch(3)));
        assertNotEquals(show(a.epoch(0)), show(a.epoch(1)), "each epoch reshuffles");
        assertNotEquals(show(a.epoch(0)), show(new BatchPlan(lengths(50), 4, 43, false).epoch(0)));
    }

    @Test
    void resumingAtEpochAndBatchIndexContinuesTheIdenticalOrder() {
        int[] l = lengths(37);
        BatchPlan uninterrupted = new BatchPlan(l, 5, 9, true);
        List<String> straight = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            for (int i = 0; i < uninterrupted.batchesPerEpoch(); i++) {
                straight.add(Arrays.toString(uninterrupted.batch(e, i)));
            }
        }
        // stop after epoch 1 batch 3, then a new plan (as after a JVM restart) continues from there
        int stopEpoch = 1, stopIndex = 3;
        BatchPlan resumed = new BatchPlan(l, 5, 9, true);
        List<String> replay = new ArrayList<>(straight.subList(0, stopEpoch * resumed.batchesPerEpoch() + stopIndex));
        for (int e = stopEpoch; e < 3; e++) {
            for (int i = e == stopEpoch ? stopIndex : 0; i < resumed.batchesPerEpoch(); i++) {
                replay.add(Arrays.toString(resumed.batch(e, i)));
            }
        }
        assertEquals(straight, replay);
    }

    @Test
    void groupingByLengthReducesPaddingAndPutsTheLongestBatchFirst() {
        int[] l = lengths(400);
        BatchPlan plain = new BatchPlan(l, 8, 1, false);
        BatchPlan grouped = new BatchPlan(l, 8, 1, true);
        assertTrue(padding(grouped.epoch(0), l) < padding(plain.epoch(0), l) / 2,
                padding(grouped.epoch(0), l) + " vs " + padding(plain.epoch(0), l));
        int longest = Arrays.stream(l).max().orElseThrow();
        assertEquals(longest, Arrays.stream(grouped.epoch(0).get(0)).map(i -> l[i]).max().orElseThrow());
        assertEquals(400, grouped.epoch(2).stream().mapToInt(b -> b.length).sum());
        assertThrows(IllegalArgumentException.class, () -> new BatchPlan(l, 0, 1, false));
    }

    private static long padding(List<int[]> batches, int[] l) {
        long pad = 0;
        for (int[] b : batches) {
            int max = Arrays.stream(b).map(i -> l[i]).max().orElse(0);
            for (int i : b) {
                pad += max - l[i];
            }
        }
        return pad;
    }
}
