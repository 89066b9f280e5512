package dev.jtune.trainer.data.stats;

import java.util.Arrays;

/**
 * Token lengths of a dataset's examples: summary figures and an equal-width histogram for plotting.
 * Percentiles use the nearest-rank method (always an observed length).
 *
 * @param binStart first bin's lower bound; bin i covers [binStart + i·binWidth, binStart + (i+1)·binWidth)
 * @param counts   examples per bin
 */
public record LengthDistribution(int min, double mean, int p50, int p95, int max, int binStart, int binWidth,
                                 long[] counts) {

    static final int TARGET_BINS = 20;

    public static final LengthDistribution EMPTY = new LengthDistribution(0, 0, 0, 0, 0, 0, 1, new long[0]);

    public static LengthDistribution of(int[] lengths) {
        if (lengths.length == 0) {
            return EMPTY;
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        int min = sorted[0];
        int max = sorted[sorted.length - 1];
        double sum = 0;
        for (int l : sorted) {
            sum += l;
        }
        int width = niceWidth((max - min + 1) / (double) TARGET_BINS);
        int start = (min / width) * width;
        long[] counts = new long[(max - start) / width + 1];
        for (int l : sorted) {
            counts[(l - start) / width]++;
        }
        return new LengthDistribution(min, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 95), max,
                start, width, counts);
    }

    /** Nearest-rank percentile of sorted values. */
    static int percentile(int[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The smallest 1, 2 or 5 × 10^k at least {@code raw}, so bin edges read well on an axis. */
    static int niceWidth(double raw) {
        if (raw <= 1) {
            return 1;
        }
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * pow >= raw) {
                return (int) (m * pow);
            }
        }
        return (int) (10 * pow);
    }

    /** Lower bound of bin {@code i}. */
    public int binLow(int i) {
        return binStart + i * binWidth;
    }

    public int bins() {
        return counts.length;
    }
}
