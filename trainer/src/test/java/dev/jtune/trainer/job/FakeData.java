package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** {@code n} one-token batches, shuffled per epoch from the seed, and two validation batches. */
final class FakeData implements TrainingData {

    private final int n;
    private final long seed;

    FakeData(int n, long seed) {
        this.n = n;
        this.seed = seed;
    }

    static Batch batchOf(int token) {
        return new Batch(new int[][]{{token, token}}, new float[][]{{0, 1}}, new int[][]{{0, 1}}, new int[][]{{1, 1}});
    }

    @Override
    public long examples() {
        return n;
    }

    @Override
    public long tokensPerEpoch() {
        return 2L * n;
    }

    @Override
    public long batchesPerEpoch() {
        return n;
    }

    @Override
    public Batch batch(int epoch, long index) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 31 + epoch));
        return batchOf(order.get((int) index));
    }

    @Override
    public long trainingRows() {
        return n;
    }

    @Override
    public List<Batch> validationBatches() {
        return List.of(batchOf(1), batchOf(2));
    }
}
