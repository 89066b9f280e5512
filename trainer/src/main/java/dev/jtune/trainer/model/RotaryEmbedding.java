package dev.jtune.trainer.model;

/**
 * Rotary position embedding tables, computed on the host in float32 as transformers does
 * ({@code _compute_default_rope_parameters} and {@code _compute_llama3_parameters}). Cos/sin for a batch are
 * small ([rows, T, headDim]) and cheap to build here, which keeps JNI calls out of the hot path.
 */
public final class RotaryEmbedding {

    private final float[] invFreq;
    private final int headDim;

    public RotaryEmbedding(ModelConfig config) {
        this(config.headDim(), config.ropeTheta(), config.ropeScaling());
    }

    public RotaryEmbedding(int headDim, double theta, RopeScaling scaling) {
        this.headDim = headDim;
        this.invFreq = inverseFrequencies(headDim, theta, scaling);
    }

    /** inv_freq[i] = 1 / theta^(2i/dim), then Llama 3 scaling when configured. */
    public static float[] inverseFrequencies(int headDim, double theta, RopeScaling scaling) {
        int half = headDim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            inv[i] = (float) (1.0 / Math.pow(theta, exponent));
        }
        return scaling != null && scaling.isLlama3() ? llama3(inv, scaling) : inv;
    }

    /**
     * Llama 3.1 frequency scaling: wavelengths longer than original_context/low_freq_factor are divided by
     * factor, shorter than original_context/high_freq_factor are kept, and the band between is interpolated.
     */
    static float[] llama3(float[] inv, RopeScaling s) {
        double oldContext = s.originalMaxPositionEmbeddings();
        double lowFreqWavelen = oldContext / s.lowFreqFactor();
        double highFreqWavelen = oldContext / s.highFreqFactor();
        float[] out = new float[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            double scaled = wavelen > lowFreqWavelen ? inv[i] / s.factor() : inv[i];
            boolean medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
            if (medium) {
                double smooth = (oldContext / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                scaled = (1 - smooth) * scaled / s.factor() + smooth * scaled;
            }
            out[i] = (float) scaled;
        }
        return out;
    }

    public float[] inverseFrequencies() {
        return invFreq.clone();
    }

    /**
     * Cos and sin tables laid out [rows][T][headDim] (flattened), with the HF layout cat(freqs, freqs) on the
     * last axis.
     */
    public float[][] cosSin(int[][] positionIds) {
        int rows = positionIds.length;
        int t = rows == 0 ? 0 : positionIds[0].length;
        int half = headDim / 2;
        float[] cos = new float[rows * t * headDim];
        float[] sin = new float[cos.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                float pos = positionIds[r][i];
                int base = (r * t + i) * headDim;
                for (int j = 0; j < half; j++) {
                    float angle = pos * invFreq[j];
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    cos[base + j] = c;
                    cos[base + half + j] = c;
                    sin[base + j] = s;
                    sin[base + half + j] = s;
                }
            }
        }
        return new float[][] {cos, sin};
    }

    /**
     * The matrix R with x·R = rotate_half(x) = cat(-x2, x1): one matmul instead of two slices, a negation and a
     * concatenation.
     */
    public float[] rotateHalfMatrix() {
        int half = headDim / 2;
        float[] m = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            // output column j = -x[half + j]; output column half + j = x[j]
            m[(half + j) * headDim + j] = -1f;
            m[j * headDim + half + j] = 1f;
        }
        return m;
    }

    public int headDim() {
        return headDim;
    }
}
