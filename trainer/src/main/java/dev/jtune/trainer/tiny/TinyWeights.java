package dev.jtune.trainer.tiny;

import dev.jtune.trainer.io.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Random weights for the tiny model with HuggingFace's Llama initialisation: every linear and the embedding drawn
 * from normal(0, initializer_range), the padding row of the embedding zero, RMSNorm weights one. A single
 * {@link Random} with a fixed seed, consumed in a fixed tensor order, makes the file identical on every run
 * ({@code Random.nextGaussian} is specified exactly, unlike the newer generators).
 */
final class TinyWeights {

    private TinyWeights() {
    }

    static void write(TinyModelConfig c, int padId, Path file) throws IOException {
        Random random = new Random(c.seed());
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        int h = c.hiddenSize();
        int q = c.numAttentionHeads() * c.headDim();
        int kv = c.numKeyValueHeads() * c.headDim();
        float[] embeddings = normal(random, (long) c.vocabSize() * h, c.initializerRange());
        Arrays.fill(embeddings, padId * h, (padId + 1) * h, 0f);
        writer.add("model.embed_tokens.weight", embeddings, c.vocabSize(), h);
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            String p = "model.layers." + layer + ".";
            writer.add(p + "input_layernorm.weight", ones(h), h);
            writer.add(p + "self_attn.q_proj.weight", normal(random, (long) q * h, c.initializerRange()), q, h);
            writer.add(p + "self_attn.k_proj.weight", normal(random, (long) kv * h, c.initializerRange()), kv, h);
            writer.add(p + "self_attn.v_proj.weight", normal(random, (long) kv * h, c.initializerRange()), kv, h);
            writer.add(p + "self_attn.o_proj.weight", normal(random, (long) h * q, c.initializerRange()), h, q);
            writer.add(p + "post_attention_layernorm.weight", ones(h), h);
            int i = c.intermediateSize();
            writer.add(p + "mlp.gate_proj.weight", normal(random, (long) i * h, c.initializerRange()), i, h);
            writer.add(p + "mlp.up_proj.weight", normal(random, (long) i * h, c.initializerRange()), i, h);
            writer.add(p + "mlp.down_proj.weight", normal(random, (long) h * i, c.initializerRange()), h, i);
        }
        writer.add("model.norm.weight", ones(h), h);
        if (!c.tieWordEmbeddings()) {
            writer.add("lm_head.weight", normal(random, (long) c.vocabSize() * h, c.initializerRange()),
                    c.vocabSize(), h);
        }
        writer.write(file);
    }

    private static float[] normal(Random random, long n, double std) {
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] ones(int n) {
        float[] values = new float[n];
        Arrays.fill(values, 1f);
        return values;
    }
}
