package dev.jtune.trainer.data.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Packs examples into rows of at most {@code capacity} tokens with best-fit decreasing (the strategy TRL uses):
 * longest first, each into the row whose free space fits it most tightly. Deterministic: ties keep input order.
 * Packing happens once; the batch plan then shuffles whole rows every epoch.
 */
public final class SequencePacker {

    private SequencePacker() {
    }

    /** Rows as lists of example indices, in the order the examples sit in the row. */
    public static List<int[]> pack(int[] lengths, int capacity) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer i) -> -lengths[i]).thenComparingInt(i -> i));
        List<List<Integer>> rows = new ArrayList<>();
        TreeMap<Integer, ArrayDeque<Integer>> byFree = new TreeMap<>();
        for (int i : order) {
            if (lengths[i] > capacity) {
                throw new IllegalArgumentException("example " + i + " has " + lengths[i]
                        + " tokens, more than the row capacity " + capacity + "; truncate before packing");
            }
            Integer free = byFree.ceilingKey(lengths[i]);
            int row;
            if (free == null) {
                row = rows.size();
                rows.add(new ArrayList<>());
                free = capacity;
            } else {
                ArrayDeque<Integer> q = byFree.get(free);
                row = q.pollFirst();
                if (q.isEmpty()) {
                    byFree.remove(free);
                }
            }
            rows.get(row).add(i);
            int left = free - lengths[i];
            if (left > 0) {
                byFree.computeIfAbsent(left, k -> new ArrayDeque<>()).addLast(row);
            }
        }
        List<int[]> out = new ArrayList<>(rows.size());
        for (List<Integer> r : rows) {
            out.add(r.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
