package dev.jtune.trainer.text;

import dev.jtune.trainer.testing.TestData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss weights and errors of {@link ChatEncoder}, on the qwen2 fixture's ChatML tokenizer. */
class ChatEncoderTest {

    private static Path qwenFixture() {
        return TestData.fixture("tiny-qwen2");
    }

    private static final List<ChatMessage> CHAT = List.of(
            new ChatMessage("system", "Classify."),
            new ChatMessage("user", "I lost my card"),
            new ChatMessage("assistant", "card_lost", 2.0),
            new ChatMessage("user", "balance?"),
            new ChatMessage("assistant", "check_balance", 0.0),
            new ChatMessage("user", "send 5 to Bo"),
            new ChatMessage("assistant", "transfer_money"));

    /** The decoded text of the tokens that carry weight {@code w}, turn by turn. */
    private static List<String> trainedTexts(ChatEncoder encoder, EncodedExample example, float w) {
        List<String> texts = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int t = 0; t <= example.length(); t++) {
            if (t < example.length() && example.weights()[t] == w) {
                run.add(example.inputIds()[t]);
            } else if (!run.isEmpty()) {
                texts.add(encoder.tokenizer().decode(run.stream().mapToInt(Integer::intValue).toArray()));
                run.clear();
            }
        }
        return texts;
    }

    @Test
    void weightsEachAssistantTurnByItsLossWeight() {
        try (ChatEncoder encoder = ChatEncoder.load(qwenFixture())) {
            EncodedExample example = encoder.encode(CHAT);
            assertArrayEquals(encoder.tokenizer().encode(encoder.render(CHAT)), example.inputIds());
            assertEquals(List.of("card_lost<|im_end|>\n"), trainedTexts(encoder, example, 2f));
            assertEquals(List.of("transfer_money<|im_end|>\n"), trainedTexts(encoder, example, 1f));
            // loss_weight 0 excludes the check_balance turn: only the two turns above carry weight
            int weighted = 0;
            for (float w : example.weights()) {
                weighted += w != 0f ? 1 : 0;
            }
            int expected = encoder.tokenizer().encode("card_lost<|im_end|>\n").length
                    + encoder.tokenizer().encode("transfer_money<|im_end|>\n").length;
            assertEquals(expected, weighted);
        }
    }

    @Test
    void qwenTemplateFromTheHubMasksTheSameWay() throws Exception {
        String source;
        try (InputStream in = getClass().getResourceAsStream("/chat-templates/qwen2.5-instruct.jinja")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Tokenizer tokenizer = Tokenizer.load(qwenFixture())) {
            ChatEncoder encoder = new ChatEncoder(tokenizer, ChatTemplate.of(source, tokenizer.specialTokens()));
            List<ChatMessage> noSystem = CHAT.subList(1, CHAT.size());
            EncodedExample example = encoder.encode(noSystem);
            assertTrue(encoder.render(noSystem).startsWith("<|im_start|>system\nYou are Qwen"));
            assertEquals(List.of("card_lost<|im_end|>\n"), trainedTexts(encoder, example, 2f));
            assertEquals(List.of("transfer_money<|im_end|>\n"), trainedTexts(encoder, example, 1f));
        }
    }

    @Test
    void generationBlocksDecideTheTrainedText() {
        try (Tokenizer tokenizer = Tokenizer.load(qwenFixture())) {
            // trains only the content, not the end-of-turn token, because the block says so
            ChatTemplate template = ChatTemplate.of("{% for m in messages %}<|im_start|>{{ m.role }}\n"
                    + "{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}"
                    + "{% else %}{{ m.content }}{% endif %}<|im_end|>\n{% endfor %}", tokenizer.specialTokens());
            ChatEncoder encoder = new ChatEncoder(tokenizer, template);
            EncodedExample example = encoder.encode(CHAT);
            assertEquals(List.of("card_lost"), trainedTexts(encoder, example, 2f));
            assertEquals(List.of("transfer_money"), trainedTexts(encoder, example, 1f));
        }
    }

    @Test
    void plainTextIsTrainedEverywhereAndEndsWithEos() {
        try (ChatEncoder encoder = ChatEncoder.load(qwenFixture())) {
            EncodedExample example = encoder.encodeText("Branches open at 9am.");
            int eos = encoder.tokenizer().eosId().getAsInt();
            assertEquals(eos, example.inputIds()[example.length() - 1]);
            assertEquals("Branches open at 9am.<|im_end|>", encoder.tokenizer().decode(example.inputIds()));
            for (float w : example.weights()) {
                assertEquals(1f, w);
            }
        }
    }

    @Test
    void templateThatRejectsTheConversationSaysWhy(@TempDir Path dir) throws Exception {
        Files.copy(qwenFixture().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% for m in messages %}"
                + "{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% endfor %}\"}");
        try (ChatEncoder encoder = ChatEncoder.load(dir)) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> encoder.encode(CHAT));
            assertTrue(e.getMessage().contains("System role not supported"), e.getMessage());
        }
    }

    @Test
    void folderWithoutTemplateStillEncodesTextButExplainsForChats(@TempDir Path dir) throws Exception {
        Files.copy(qwenFixture().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        try (ChatEncoder encoder = ChatEncoder.load(dir)) {
            assertTrue(encoder.encodeText("hello").length() > 0);
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> encoder.encode(CHAT));
            assertTrue(e.getMessage().startsWith("The model folder " + dir + " has no chat template;"), e.getMessage());
        }
    }

    @Test
    void missingTokenizerJsonIsAClearError(@TempDir Path dir) {
        TextAssetException e = assertThrows(TextAssetException.class, () -> ChatEncoder.load(dir));
        assertTrue(e.getMessage().contains(dir + " has no tokenizer.json"), e.getMessage());
    }

    @Test
    void brokenTokenizerJsonIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        TextAssetException e = assertThrows(TextAssetException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json is not valid JSON"), e.getMessage());
    }
}
