package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attention in query blocks gives the numbers of one block over all queries: hidden states, loss and gradients on
 * long packed rows with padding, and incremental decoding through the KV cache.
 */
class BlockedAttentionTest {

    private static final int T = 300;

    static Stream<Fixture> fixtures() {
        return Fixture.all();
    }

    /** Two rows of random tokens: several packed examples each (positions restart), the second right-padded. */
    private static Batch packedBatch(int vocab) {
        Random random = new Random(11);
        int[][] ids = new int[2][T];
        float[][] w = new float[2][T];
        int[][] pos = new int[2][T];
        int[][] seg = new int[2][T];
        for (int r = 0; r < 2; r++) {
            int used = r == 0 ? T : T - 37;
            int segment = 1;
            int start = 0;
            for (int i = 0; i < used; i++) {
                if (i - start > 20 + random.nextInt(90)) {
                    segment++;
                    start = i;
                }
                ids[r][i] = random.nextInt(vocab);
                w[r][i] = 1f;
                pos[r][i] = i - start;
                seg[r][i] = segment;
            }
        }
        return new Batch(ids, w, pos, seg);
    }

    private static float[] hidden(CausalLm model, NDManager manager, Batch b) {
        try (NDManager step = manager.newSubManager(); GradMode noGrad = GradMode.disabled()) {
            return model.hidden(step, b.inputIds(), b.positionIds(), b.segmentIds(), null, false).toFloatArray();
        }
    }

    private static Map<String, float[]> gradients(CausalLm model, NDManager manager, Batch b, boolean recompute,
                                                  double[] loss) {
        try (NDManager step = manager.newSubManager(); GradMode grad = GradMode.enabled()) {
            loss[0] = model.backwardWeightedNll(step, b, 1f / (float) b.trainedWeight(), recompute, null);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        model.weights().all().forEach((name, w) -> {
            try (NDArray g = w.getGradient()) {
                out.put(name, g.toFloatArray());
            }
            GradMode.zeroGrad(w);
        });
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what);
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs > 0, what + " is all zero");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * maxAbs, what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void blockedAttentionGivesTheSameHiddenStatesLossAndGradients(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            model.weights().setTrainable(true);
            Batch batch = packedBatch(model.config().vocabSize());
            model.setQueryBlock(T);
            float[] whole = hidden(model, manager, batch);
            double[] wholeLoss = new double[1];
            Map<String, float[]> wholeGrads = gradients(model, manager, batch, false, wholeLoss);
            // 37 does not divide 300: the last block is short.
            model.setQueryBlock(37);
            assertClose(whole, hidden(model, manager, batch), 1e-5, "hidden states");
            for (boolean recompute : new boolean[] {false, true}) {
                double[] loss = new double[1];
                Map<String, float[]> grads = gradients(model, manager, batch, recompute, loss);
                // Relative: the loss is an FP32 sum of ~300 terms (one ulp at 3.5e3 is 2.4e-4), and blocks change
                // the order in which the scores are summed.
                assertEquals(wholeLoss[0], loss[0], 1e-6 * Math.abs(wholeLoss[0]), "loss, recompute " + recompute);
                wholeGrads.forEach((name, g) -> assertClose(g, grads.get(name), 1e-4,
                        name + " gradient, recompute " + recompute));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodingThroughTheCacheInBlocksMatchesOneFullPass(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); GradMode noGrad = GradMode.disabled()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            int[] tokens = packedBatch(model.config().vocabSize()).inputIds()[0];
            // LongRoPE (Phi-3) changes its factors once a call's positions pass the original context, for the
            // cached keys too late to change: blocks match one pass within one regime, as in transformers.
            LongRope longRope = model.config().architecture().layers().get(0).longRope();
            int n = longRope == null ? 90 : Math.min(90, longRope.originalMaxPositionEmbeddings());
            int[][] positions = {range(0, n)};
            float[] expected;
            try (NDManager step = manager.newSubManager()) {
                NDArray h = model.hidden(step, new int[][] {Arrays.copyOf(tokens, n)}, positions,
                        new int[][] {ones(n)}, null, false);
                expected = model.lastLogits(h).toFloatArray();
            }
            model.setQueryBlock(8);
            float[] actual;
            try (NDManager step = manager.newSubManager(); KvCache cache = new KvCache(manager,
                    model.config().numLayers())) {
                // A prefill, a second chunk in blocks with keys cached before it, then single tokens.
                int[] cuts = {n * 4 / 9, n * 7 / 9, n - 2, n - 1, n};
                int from = 0;
                NDArray h = null;
                for (int to : cuts) {
                    h = model.hidden(step, new int[][] {Arrays.copyOfRange(tokens, from, to)},
                            new int[][] {range(from, to)}, new int[][] {ones(to - from)}, cache, false);
                    from = to;
                }
                actual = model.lastLogits(h).toFloatArray();
            }
            assertClose(expected, actual, 1e-5, "last logits");
        }
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int[] ones(int n) {
        int[] out = new int[n];
        Arrays.fill(out, 1);
        return out;
    }
}
