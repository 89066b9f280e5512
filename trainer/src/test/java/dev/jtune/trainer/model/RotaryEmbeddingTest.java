package dev.jtune.trainer.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Llama 3 rope scaling against transformers' {@code _compute_llama3_parameters}, transcribed here as the three
 * torch.where steps over whole vectors (the implementation works per element).
 */
class RotaryEmbeddingTest {

    private static final RopeScaling LLAMA32 = new RopeScaling("llama3", 32, 1, 4, 8192);

    private static double[] transformersLlama3(double[] invFreq, double factor, double low, double high, int old) {
        int n = invFreq.length;
        double lowFreqWavelen = old / low;
        double highFreqWavelen = old / high;
        double[] wavelen = new double[n];
        double[] invFreqLlama = new double[n];
        for (int i = 0; i < n; i++) {
            wavelen[i] = 2 * Math.PI / invFreq[i];
        }
        // inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
        for (int i = 0; i < n; i++) {
            invFreqLlama[i] = wavelen[i] > lowFreqWavelen ? invFreq[i] / factor : invFreq[i];
        }
        double[] smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            double smoothFactor = (old / wavelen[i] - low) / (high - low);
            smoothed[i] = (1 - smoothFactor) * invFreqLlama[i] / factor + smoothFactor * invFreqLlama[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            boolean isMedium = !(wavelen[i] < highFreqWavelen) && !(wavelen[i] > lowFreqWavelen);
            out[i] = isMedium ? smoothed[i] : invFreqLlama[i];
        }
        return out;
    }

    @Test
    void llama3ScalingFollowsTransformers() {
        int headDim = 64;
        float[] plain = RotaryEmbedding.inverseFrequencies(headDim, 500000.0, RopeScaling.NONE);
        float[] scaled = RotaryEmbedding.inverseFrequencies(headDim, 500000.0, LLAMA32);
        double[] base = new double[plain.length];
        for (int i = 0; i < plain.length; i++) {
            base[i] = plain[i];
            assertEquals(1.0 / Math.pow(500000.0, 2.0 * i / headDim), plain[i], 1e-6 * plain[i]);
        }
        double[] expected = transformersLlama3(base, 32, 1, 4, 8192);
        int high = 0;
        int low = 0;
        int medium = 0;
        for (int i = 0; i < scaled.length; i++) {
            assertEquals(expected[i], scaled[i], 1e-6 * expected[i], "inv_freq[" + i + "]");
            double wavelen = 2 * Math.PI / plain[i];
            if (wavelen < 2048) {
                assertEquals(plain[i], scaled[i], 0f, "high frequencies are kept");
                high++;
            } else if (wavelen > 8192) {
                assertEquals(plain[i] / 32f, scaled[i], 1e-6 * plain[i], "low frequencies are divided by factor");
                low++;
            } else {
                assertTrue(scaled[i] < plain[i] && scaled[i] > plain[i] / 32f, "medium band is interpolated");
                medium++;
            }
        }
        assertTrue(high > 0 && low > 0 && medium > 0, high + " " + medium + " " + low);
    }
}
