package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The order of batches in each epoch, a pure function of (rows, batch size, seed, epoch): the rows are shuffled
 * per epoch from a generator derived from seed and epoch, so a job resumed at (epoch, batch index) sees exactly
 * the batches it would have seen had it never stopped. The last batch of an epoch may be smaller (no row is
 * ever dropped).
 *
 * <p>With length grouping (like transformers' {@code group_by_length}): after the shuffle, rows are cut into
 * mega-batches of 50 batches, each sorted longest first and cut into batches, so a batch holds rows of
 * similar length and wastes less padding; the batch order is then shuffled, except that the batch with the
 * longest row goes first, so an out-of-memory error shows at the first step rather than hours in.
 */
public final class BatchPlan {

    static final int MEGABATCH = 50;

    private final int[] rowLengths;
    private final int batchSize;
    private final long seed;
    private final boolean groupByLength;
    private int cachedEpoch = -1;
    private List<int[]> cached;

    /**
     * @param rowLengths tokens per row (used for length grouping)
     * @throws IllegalArgumentException when the batch size is not positive
     */
    public BatchPlan(int[] rowLengths, int batchSize, long seed, boolean groupByLength) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, not " + batchSize + ".");
        }
        this.rowLengths = rowLengths.clone();
        this.batchSize = batchSize;
        this.seed = seed;
        this.groupByLength = groupByLength;
    }

    public int rows() {
        return rowLengths.length;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        return (rowLengths.length + batchSize - 1) / batchSize;
    }

    /** Row indices of batch {@code index} (0-based) in epoch {@code epoch} (0-based). */
    public synchronized int[] batch(int epoch, int index) {
        if (epoch != cachedEpoch) {
            cached = epoch(epoch);
            cachedEpoch = epoch;
        }
        if (index < 0 || index >= cached.size()) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch with " + cached.size() + " batches");
        }
        return cached.get(index).clone();
    }

    /** Every batch of epoch {@code epoch}, in training order. */
    public List<int[]> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, not " + epoch);
        }
        Random random = Seeds.random(seed, Seeds.SHUFFLE, epoch);
        int[] order = Seeds.permutation(rowLengths.length, random);
        List<int[]> batches = new ArrayList<>(batchesPerEpoch());
        if (!groupByLength) {
            for (int s = 0; s < order.length; s += batchSize) {
                batches.add(Arrays.copyOfRange(order, s, Math.min(order.length, s + batchSize)));
            }
            return batches;
        }
        int mega = MEGABATCH * batchSize;
        for (int s = 0; s < order.length; s += mega) {
            Integer[] chunk = Arrays.stream(Arrays.copyOfRange(order, s, Math.min(order.length, s + mega)))
                    .boxed().toArray(Integer[]::new);
            Arrays.sort(chunk, Comparator.comparingInt((Integer i) -> -rowLengths[i]));
            for (int b = 0; b < chunk.length; b += batchSize) {
                batches.add(Arrays.stream(chunk, b, Math.min(chunk.length, b + batchSize)).mapToInt(Integer::intValue).toArray());
            }
        }
        int[] batchOrder = Seeds.permutation(batches.size(), random);
        List<int[]> shuffled = new ArrayList<>(batches.size());
        for (int i : batchOrder) {
            shuffled.add(batches.get(i));
        }
        int longest = 0;
        for (int i = 1; i < shuffled.size(); i++) {
            if (maxLength(shuffled.get(i)) > maxLength(shuffled.get(longest))) {
                longest = i;
            }
        }
        shuffled.add(0, shuffled.remove(longest));
        return shuffled;
    }

    private int maxLength(int[] batch) {
        int m = 0;
        for (int r : batch) {
            m = Math.max(m, rowLengths[r]);
        }
        return m;
    }
}
