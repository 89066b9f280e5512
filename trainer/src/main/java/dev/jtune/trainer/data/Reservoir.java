package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A uniform random sample of at most {@code capacity} examples from a stream of unknown length (Algorithm R),
 * so max-samples on a huge file holds only the sample. The sample comes back in file order.
 */
final class Reservoir {

    private final int capacity;
    private final Random random;
    private final Example[] items;
    private final long[] order;
    private long seen;

    Reservoir(long capacity, Random random) {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max samples " + capacity + " is too large");
        }
        this.capacity = (int) capacity;
        this.random = random;
        this.items = new Example[this.capacity];
        this.order = new long[this.capacity];
    }

    void offer(Example e) {
        if (seen < capacity) {
            items[(int) seen] = e;
            order[(int) seen] = seen;
        } else {
            long j = random.nextLong(seen + 1);
            if (j < capacity) {
                items[(int) j] = e;
                order[(int) j] = seen;
            }
        }
        seen++;
    }

    List<Example> sample() {
        int n = (int) Math.min(seen, capacity);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingLong(i -> order[i]));
        List<Example> out = new ArrayList<>(n);
        for (int i : idx) {
            out.add(items[i]);
        }
        return out;
    }
}
