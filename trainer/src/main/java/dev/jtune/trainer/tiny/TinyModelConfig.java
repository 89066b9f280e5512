package dev.jtune.trainer.tiny;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The size of the built-in tiny model: a Llama architecture (RMSNorm, rotary positions, GQA, SwiGLU) small enough to
 * fine-tune on two CPU cores in minutes. One record so the trainer, the jobs and the benchmark change it in one place.
 *
 * @param vocabSize embedding rows; the tokenizer is learned up to this size (3 ChatML specials + 256 bytes +
 *                  merges) and stops earlier when the sample text has no pair left that occurs twice (1125 tokens
 *                  for the shipped samples), leaving the last rows unused, as hub models pad their vocabularies
 */
public record TinyModelConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                              int numKeyValueHeads, int intermediateSize, int maxPositionEmbeddings,
                              double ropeTheta, double rmsNormEps, boolean tieWordEmbeddings,
                              double initializerRange, long seed) {

    /** The preset called {@code tiny}. */
    public static final TinyModelConfig PRESET = new TinyModelConfig(1152, 192, 4, 6, 2, 512, 1024,
            10000.0, 1e-6, true, 0.02, 20241123L);

    public TinyModelConfig {
        if (hiddenSize % numAttentionHeads != 0 || numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " must split into " + numAttentionHeads
                    + " heads, and the heads into " + numKeyValueHeads + " key/value groups");
        }
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Parameters (tied embeddings counted once). */
    public long parameterCount() {
        long h = hiddenSize;
        long attention = h * numAttentionHeads * headDim() * 2 + h * numKeyValueHeads * headDim() * 2;
        long mlp = 3 * h * intermediateSize;
        long layer = attention + mlp + 2 * h;
        long embeddings = (long) vocabSize * h * (tieWordEmbeddings ? 1 : 2);
        return embeddings + numHiddenLayers * layer + h;
    }

    /** {@code config.json} as transformers writes it for {@code LlamaForCausalLM}. */
    public ObjectNode toConfigJson(ObjectMapper json, int bosId, int eosId, int padId) {
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("attention_bias", false);
        c.put("attention_dropout", 0.0);
        c.put("bos_token_id", bosId);
        c.put("eos_token_id", eosId);
        c.put("pad_token_id", padId);
        c.put("head_dim", headDim());
        c.put("hidden_act", "silu");
        c.put("hidden_size", hiddenSize);
        c.put("initializer_range", initializerRange);
        c.put("intermediate_size", intermediateSize);
        c.put("max_position_embeddings", maxPositionEmbeddings);
        c.put("mlp_bias", false);
        c.put("num_attention_heads", numAttentionHeads);
        c.put("num_hidden_layers", numHiddenLayers);
        c.put("num_key_value_heads", numKeyValueHeads);
        c.put("rms_norm_eps", rmsNormEps);
        c.putNull("rope_scaling");
        c.put("rope_theta", ropeTheta);
        c.put("tie_word_embeddings", tieWordEmbeddings);
        c.put("torch_dtype", "float32");
        c.put("use_cache", true);
        c.put("vocab_size", vocabSize);
        return c;
    }
}
