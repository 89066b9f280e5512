package dev.jtune.trainer.model;

/**
 * Rotary position embedding tables, computed on the host in float32 as transformers does
 * ({@code _compute_default_rope_parameters} and {@code _compute_llama3_parameters}). Cos/sin for a batch are
 * small ([rows, T, headDim]) and cheap to build here, which keeps JNI calls out of the hot path.
 */
public final class RotaryEmbedding {

    private final float[] invFreq;
    private final int headDim;
    /** Leading dimensions of a head that rotate; the rest pass through (cos 1, sin 0). */
    private final int rotaryDim;
    private final double theta;
    private final LongRope longRope;

    public RotaryEmbedding(ModelConfig config) {
        this(config.headDim(), config.ropeTheta(), config.ropeScaling());
    }

    public RotaryEmbedding(int headDim, double theta, RopeScaling scaling) {
        this(headDim, new LayerAttention(theta, scaling, null, headDim, 0));
    }

    /** The rotary embedding of a layer: partial (Phi-3), none at all (rotaryDim 0, NoPE layers) or LongRoPE. */
    public RotaryEmbedding(int headDim, LayerAttention layer) {
        this.headDim = headDim;
        this.rotaryDim = layer.rotaryDim();
        this.theta = layer.ropeTheta();
        this.longRope = layer.longRope();
        this.invFreq = inverseFrequencies(rotaryDim, theta, layer.ropeScaling());
    }

    /** inv_freq[i] = 1 / theta^(2i/dim), then Llama 3 or linear scaling when configured. */
    public static float[] inverseFrequencies(int headDim, double theta, RopeScaling scaling) {
        int half = headDim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            inv[i] = (float) (1.0 / Math.pow(theta, exponent));
        }
        if (scaling != null && scaling.isLinear()) {
            for (int i = 0; i < half; i++) {
                inv[i] = (float) (inv[i] / scaling.factor());
            }
        }
        return scaling != null && scaling.isLlama3() ? llama3(inv, scaling) : inv;
    }

    /** LongRoPE: inv_freq = 1 / (factor_i · theta^(2i/dim)) in float32, as transformers computes it. */
    private float[] longRopeFrequencies(double[] factors) {
        float[] inv = new float[rotaryDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / (float) rotaryDim;
            float base = (float) Math.pow(theta, exponent);
            inv[i] = 1f / ((float) factors[i] * base);
        }
        return inv;
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
     * Cos and sin tables laid out [rows][T][headDim] (flattened), with the HF layout cat(freqs, freqs) over the
     * rotary dimensions and cos 1, sin 0 over the rest (so rotating leaves them as they are).
     */
    public float[][] cosSin(int[][] positionIds) {
        int rows = positionIds.length;
        int t = rows == 0 ? 0 : positionIds[0].length;
        int half = rotaryDim / 2;
        float[] freqs = invFreq;
        float scale = 1f;
        if (longRope != null) {
            int max = 0;
            for (int[] row : positionIds) {
                for (int p : row) {
                    max = Math.max(max, p);
                }
            }
            freqs = longRopeFrequencies(longRope.factorsFor(max));
            scale = (float) longRope.attentionFactor();
        }
        float[] cos = new float[rows * t * headDim];
        float[] sin = new float[cos.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                float pos = positionIds[r][i];
                int base = (r * t + i) * headDim;
                for (int j = 0; j < half; j++) {
                    float angle = pos * freqs[j];
                    float c = (float) Math.cos(angle) * scale;
                    float s = (float) Math.sin(angle) * scale;
                    cos[base + j] = c;
                    cos[base + half + j] = c;
                    sin[base + j] = s;
                    sin[base + half + j] = s;
                }
                java.util.Arrays.fill(cos, base + rotaryDim, base + headDim, 1f);
            }
        }
        return new float[][] {cos, sin};
    }

    public int headDim() {
        return headDim;
    }
}
