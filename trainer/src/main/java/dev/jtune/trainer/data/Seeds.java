package dev.jtune.trainer.data;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded randomness for every data decision (sampling, split, mix, shuffle). Each use gets its own stream derived
 * from (seed, purpose, epoch), so changing one decision never shifts another and results are identical on every
 * run and JVM.
 */
public final class Seeds {

    public static final long SAMPLE = 0x5A4D;
    public static final long SPLIT = 0x5B11;
    public static final long MIX = 0x313F;
    public static final long SHUFFLE = 0x54F1;

    private Seeds() {
    }

    /** An independent generator for {@code purpose} (and e.g. the epoch as {@code index}). */
    public static Random random(long seed, long purpose, long index) {
        long mixed = new SplittableRandom(seed).split().nextLong() ^ (purpose * 0x9E3779B97F4A7C15L);
        mixed = new SplittableRandom(mixed + index * 0xBF58476D1CE4E5B9L).nextLong();
        return new Random(mixed);
    }

    /** Fisher-Yates shuffle of 0..n-1. */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code k} distinct indices out of 0..n-1, chosen at random, returned in increasing order. */
    public static int[] choose(int n, int k, Random random) {
        int[] p = permutation(n, random);
        int[] chosen = java.util.Arrays.copyOf(p, Math.min(k, n));
        java.util.Arrays.sort(chosen);
        return chosen;
    }
}
