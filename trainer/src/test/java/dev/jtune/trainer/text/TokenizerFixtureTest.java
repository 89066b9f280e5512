package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jtune.trainer.testing.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerFixtureTest {

    static Stream<Path> fixtures() throws Exception {
        return TestData.fixtureFolders().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void tokenizesLikeTheReference(Path folder) throws Exception {
        JsonNode reference = TextFixtures.reference(folder);
        try (Tokenizer tokenizer = Tokenizer.load(folder)) {
            for (JsonNode item : reference.get("tokenize")) {
                String text = item.get("text").asText();
                int[] ids = tokenizer.encode(text);
                assertArrayEquals(TextFixtures.ints(item.get("ids")), ids, "ids of " + text);
                assertEquals(text, tokenizer.decode(ids), "decode(encode(text))");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsSpecialTokensAndStopIds(Path folder) throws Exception {
        JsonNode generationConfig = TextFixtures.JSON.readTree(folder.resolve("generation_config.json").toFile());
        JsonNode tokenizerConfig = TextFixtures.JSON.readTree(folder.resolve("tokenizer_config.json").toFile());
        try (Tokenizer tokenizer = Tokenizer.load(folder)) {
            // one id, or a list (Gemma 3, Phi-3): each is a stop id
            JsonNode eosIds = generationConfig.get("eos_token_id");
            for (JsonNode e : eosIds.isArray() ? eosIds : List.of(eosIds)) {
                int eos = e.asInt();
                assertTrue(Arrays.stream(tokenizer.eosIds()).anyMatch(id -> id == eos),
                        "eos ids " + Arrays.toString(tokenizer.eosIds()) + " lack " + eos);
            }
            String eosToken = tokenizerConfig.get("eos_token").asText();
            assertEquals(eosToken, tokenizer.specialTokens().eos());
            assertEquals(eosToken, tokenizer.token(tokenizer.eosId().getAsInt()));
            assertEquals(generationConfig.get("pad_token_id").asInt(), tokenizer.padId().getAsInt());
            assertTrue(tokenizer.isSpecial(tokenizer.eosId().getAsInt()));
            assertEquals(TextFixtures.JSON.readTree(folder.resolve("config.json").toFile()).get("vocab_size").asInt(),
                    tokenizer.vocabSize());
            // specials are kept in decode by default and dropped on request
            int[] ids = {tokenizer.eosId().getAsInt()};
            assertEquals(eosToken, tokenizer.decode(ids));
            assertEquals("", tokenizer.decode(ids, true));
        }
    }
}
