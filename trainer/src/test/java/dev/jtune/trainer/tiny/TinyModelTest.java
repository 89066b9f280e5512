package dev.jtune.trainer.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.TensorInfo;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.EncodedExample;
import dev.jtune.trainer.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("config.json", "generation_config.json", "model.safetensors",
            "tokenizer.json", "tokenizer_config.json", "README.md");

    @TempDir
    static Path cache;
    static Path folder;

    @BeforeAll
    static void materialize() throws IOException {
        long start = System.nanoTime();
        folder = TinyModel.materialize(cache);
        System.out.printf("tiny model materialised in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    void writesACompleteHuggingFaceFolderAndNoTempFolders() throws IOException {
        for (String file : FILES) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        try (Stream<Path> entries = Files.list(cache)) {
            assertEquals(List.of(folder), entries.toList(), "only the finished folder is left in the cache");
        }
        assertTrue(Files.readString(folder.resolve("README.md")).contains("UNTRAINED random weights"));
    }

    @Test
    void materialisingAgainGivesIdenticalBytes(@TempDir Path other) throws IOException {
        Path again = TinyModel.materialize(other);
        assertEquals(folder.getFileName(), again.getFileName());
        for (String file : FILES) {
            assertArrayEquals(Files.readAllBytes(folder.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
        }
        assertEquals(folder, TinyModel.materialize(cache), "an existing folder is reused");
    }

    @Test
    void weightsMatchTheConfig() throws IOException {
        JsonNode config = JSON.readTree(folder.resolve("config.json").toFile());
        assertEquals("llama", config.get("model_type").asText());
        int hidden = config.get("hidden_size").asInt();
        int headDim = config.get("head_dim").asInt();
        try (SafetensorsReader reader = SafetensorsReader.open(folder.resolve("model.safetensors"))) {
            Map<String, TensorInfo> tensors = reader.tensors();
            assertEquals(2 + 9 * config.get("num_hidden_layers").asInt(), tensors.size());
            assertArrayEquals(new long[] {config.get("vocab_size").asInt(), hidden},
                    tensors.get("model.embed_tokens.weight").shape());
            assertArrayEquals(new long[] {(long) config.get("num_key_value_heads").asInt() * headDim, hidden},
                    tensors.get("model.layers.0.self_attn.k_proj.weight").shape());
            float[] embeddings = reader.readFloats("model.embed_tokens.weight");
            double sum = 0;
            double squares = 0;
            for (float v : embeddings) {
                sum += v;
                squares += v * v;
            }
            double std = Math.sqrt(squares / embeddings.length - Math.pow(sum / embeddings.length, 2));
            assertEquals(config.get("initializer_range").asDouble(), std, 0.001, "std of the embeddings");
            int pad = config.get("pad_token_id").asInt();
            for (int i = 0; i < hidden; i++) {
                assertEquals(0f, embeddings[pad * hidden + i], "padding row is zero");
            }
        }
    }

    @Test
    void tokenizerLoadsInDjlAndRoundTripsAnyText() {
        try (Tokenizer tokenizer = Tokenizer.load(folder)) {
            for (String text : List.of("Send 1,000 dollars to Mei", "我想申请房屋贷款", "  spaces  and\nnewlines \t",
                    "emoji 😀 and ümlauts")) {
                assertEquals(text, tokenizer.decode(tokenizer.encode(text)), text);
            }
            assertEquals(0, tokenizer.tokenId("<|endoftext|>").getAsInt());
            assertEquals(1, tokenizer.tokenId("<|im_start|>").getAsInt());
            assertEquals(2, tokenizer.eosId().getAsInt());
            assertArrayEquals(new int[] {1}, tokenizer.encode("<|im_start|>"));
            assertTrue(Arrays.stream(tokenizer.eosIds()).anyMatch(id -> id == 0), "<|endoftext|> also stops");
        }
    }

    @Test
    void intentLabelsAndCommonWordsAreShort() throws IOException {
        try (Tokenizer tokenizer = Tokenizer.load(folder)) {
            for (String label : List.of("card_lost", "check_balance", "open_account", "transfer_money",
                    "loan_inquiry", "complaint")) {
                int tokens = tokenizer.encode(label).length;
                System.out.println(label + " -> " + tokens + " tokens");
                assertTrue(tokens <= 3, label + " takes " + tokens + " tokens");
            }
            String sentence = "I lost my credit card yesterday";
            int tokens = tokenizer.encode(sentence).length;
            System.out.println("'" + sentence + "' -> " + tokens + " tokens; vocab " + tokenizer.vocabSize());
            assertTrue(tokens <= 8, sentence + " takes " + tokens + " tokens");
        }
    }

    @Test
    void chatTemplateTrainsTheAssistantTurn() {
        try (ChatEncoder encoder = ChatEncoder.load(folder)) {
            List<ChatMessage> chat = List.of(new ChatMessage("system", "Classify the customer's message."),
                    new ChatMessage("user", "I lost my debit card"), new ChatMessage("assistant", "card_lost"));
            assertEquals("<|im_start|>system\nClassify the customer's message.<|im_end|>\n<|im_start|>user\n"
                    + "I lost my debit card<|im_end|>\n<|im_start|>assistant\ncard_lost<|im_end|>\n", encoder.render(chat));
            EncodedExample example = encoder.encode(chat);
            int trained = example.trainedTokens();
            int[] tail = Arrays.copyOfRange(example.inputIds(), example.length() - trained, example.length());
            assertEquals("card_lost<|im_end|>\n", encoder.tokenizer().decode(tail));
            System.out.println("intents example: " + example.length() + " tokens, " + trained + " trained");
        }
    }
}
