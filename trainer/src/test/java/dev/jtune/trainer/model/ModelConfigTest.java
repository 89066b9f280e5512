package dev.jtune.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsFixtureConfigs(Fixture f) throws Exception {
        ModelConfig c = ModelConfig.load(f.dir().resolve("config.json"));
        ObjectNode raw = (ObjectNode) JSON.readTree(f.dir().resolve("config.json").toFile());
        assertEquals(raw.path("model_type").asText(), c.modelType());
        assertEquals(raw.path("hidden_size").asInt(), c.hiddenSize());
        assertEquals(raw.path("num_key_value_heads").asInt(), c.numKvHeads());
        JsonNode rope = raw.path("rope_parameters");
        // Gemma 3 keeps one rope_parameters object per layer type: the global layers' base is the model's.
        double theta = rope.has("full_attention") ? rope.path("full_attention").path("rope_theta").asDouble()
                : raw.has("rope_parameters") ? rope.path("rope_theta").asDouble() : raw.path("rope_theta").asDouble();
        assertEquals(theta, c.ropeTheta());
        assertEquals(raw.path("tie_word_embeddings").asBoolean(), c.tieWordEmbeddings());
        assertEquals(c.modelType().equals("qwen2"), c.qkvBias());
        assertFalse(c.oBias());
    }

    private static ObjectNode llama(String ropeJson, boolean transformers5) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree("{\"model_type\":\"llama\",\"vocab_size\":128256,"
                + "\"hidden_size\":2048,\"intermediate_size\":8192,\"num_hidden_layers\":16,"
                + "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"head_dim\":64,\"rms_norm_eps\":1e-5,"
                + "\"tie_word_embeddings\":true,\"eos_token_id\":[128001,128008,128009]}");
        ObjectNode rope = (ObjectNode) JSON.readTree(ropeJson);
        if (transformers5) {
            rope.put("rope_theta", 500000.0);
            n.set("rope_parameters", rope);
        } else {
            n.put("rope_theta", 500000.0);
            n.set("rope_scaling", rope);
        }
        return n;
    }

    @Test
    void readsLlama3RopeScalingInBothStyles() throws Exception {
        String rope = "{\"factor\":32.0,\"high_freq_factor\":4.0,\"low_freq_factor\":1.0,"
                + "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"}";
        for (boolean t5 : new boolean[] {false, true}) {
            ModelConfig c = ModelConfig.parse(llama(rope, t5), "config.json");
            assertEquals(500000.0, c.ropeTheta());
            assertTrue(c.ropeScaling().isLlama3());
            assertEquals(32.0, c.ropeScaling().factor());
            assertEquals(8192, c.ropeScaling().originalMaxPositionEmbeddings());
            assertEquals(java.util.List.of(128001, 128008, 128009), c.eosTokenIds());
        }
    }

    @Test
    void unknownArchitectureNamesItAndTheSupportedOnes() throws Exception {
        ObjectNode n = llama("{\"rope_type\":\"default\"}", false);
        n.put("model_type", "gpt2");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.parse(n, "x/config.json"));
        assertTrue(e.getMessage().contains("'gpt2'"), e.getMessage());
        assertTrue(e.getMessage().contains("llama, qwen2, mistral"), e.getMessage());
        assertTrue(e.getMessage().contains("x/config.json"), e.getMessage());
    }

    @Test
    void unsupportedRopeTypeIsAClearError() throws Exception {
        ObjectNode n = llama("{\"rope_type\":\"yarn\",\"factor\":4.0}", true);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.parse(n, "c.json"));
        assertTrue(e.getMessage().contains("yarn"), e.getMessage());
    }

    @Test
    void longRopeFactorsOfTheWrongLengthSayWhatIsExpected() throws Exception {
        ObjectNode n = llama("{\"rope_type\":\"longrope\",\"short_factor\":[1.0],\"long_factor\":[1.0],"
                + "\"original_max_position_embeddings\":4096}", false);
        n.put("model_type", "phi3");
        n.put("partial_rotary_factor", 0.75);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.parse(n, "c.json"));
        // head_dim 64 × 0.75 = 48 rotary dimensions: 24 factors
        assertTrue(e.getMessage().contains("'short_factor' with 24 numbers"), e.getMessage());
    }

    @Test
    void unsupportedActivationAndAttentionSoftcappingAreClearErrors() throws Exception {
        ObjectNode act = llama("{\"rope_type\":\"default\"}", false);
        act.put("hidden_act", "relu");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.parse(act, "c.json"));
        assertTrue(e.getMessage().contains("'relu'") && e.getMessage().contains("gelu_pytorch_tanh"), e.getMessage());
        ObjectNode gemma2 = llama("{\"rope_type\":\"default\"}", false);
        gemma2.put("model_type", "gemma3_text");
        gemma2.put("attn_logit_softcapping", 50.0);
        e = assertThrows(ModelFormatException.class, () -> ModelConfig.parse(gemma2, "c.json"));
        assertTrue(e.getMessage().contains("attn_logit_softcapping"), e.getMessage());
    }

    @Test
    void bf16IsRefusedWithTheReasonAndAlternatives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlFineTuner.computeType(FineTuneSpec.Precision.BF16));
        assertTrue(e.getMessage().contains("fp16") && e.getMessage().contains("fp32"), e.getMessage());
        assertTrue(e.getMessage().contains("DJL"), e.getMessage());
    }
}
