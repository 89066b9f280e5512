package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.jtune.trainer.testing.TestData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatEncoderFixtureTest {

    static Stream<Path> fixtures() throws Exception {
        return TestData.fixtureFolders().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void encodesTheConversationLikeTheReference(Path folder) throws Exception {
        JsonNode reference = TextFixtures.reference(folder);
        List<ChatMessage> conversation = TextFixtures.messages(reference.get("conversation"));
        try (ChatEncoder encoder = encoder(folder, reference)) {
            assertEquals(reference.get("chat_text").asText(), encoder.render(conversation));
            EncodedExample example = encoder.encode(conversation);
            assertArrayEquals(TextFixtures.ints(reference.get("input_ids")), example.inputIds());
            assertArrayEquals(TextFixtures.floats(reference.get("loss_weights")), example.weights());
            assertArrayEquals(TextFixtures.ints(reference.get("assistant_mask")), mask(example));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void encodesTheGenerationPromptLikeTheReference(Path folder) throws Exception {
        JsonNode reference = TextFixtures.reference(folder);
        // the reference prompt is the conversation up to the first user turn
        List<ChatMessage> conversation = TextFixtures.messages(reference.get("conversation"));
        List<ChatMessage> prompt = conversation.subList(0, firstUserTurn(conversation) + 1);
        try (ChatEncoder encoder = encoder(folder, reference)) {
            assertEquals(reference.get("generation_prompt_text").asText(), encoder.renderPrompt(prompt));
            assertArrayEquals(TextFixtures.ints(reference.get("generation_prompt_ids")), encoder.encodePrompt(prompt));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void encodesTheSecondConversationLikeTheReference(Path folder) throws Exception {
        JsonNode reference = TextFixtures.reference(folder);
        String text = reference.get("chat_text_2").asText();
        List<ChatMessage> conversation = secondConversation(text, reference);
        try (ChatEncoder encoder = encoder(folder, reference)) {
            assertEquals(text, encoder.render(conversation));
            EncodedExample example = encoder.encode(conversation);
            assertArrayEquals(TextFixtures.ints(reference.get("input_ids_2")), example.inputIds());
            assertArrayEquals(TextFixtures.ints(reference.get("assistant_mask_2")), mask(example));
        }
    }

    /**
     * reference.json gives the second conversation only as rendered text; it is the fixtures' batch example
     * (a user turn and an assistant turn), whose contents are read back from the rendered text.
     */
    private static List<ChatMessage> secondConversation(String text, JsonNode reference) {
        if (reference.has("conversation_2")) {
            return TextFixtures.messages(reference.get("conversation_2"));
        }
        return List.of(new ChatMessage("user", "Send 50 dollars to Alice"), new ChatMessage("assistant", "transfer_money"));
    }

    /**
     * The folder's encoder; when the reference pinned the day strftime_now returned (SmolLM3 writes today's date
     * into its system prompt), the template reads that day.
     */
    static ChatEncoder encoder(Path folder, JsonNode reference) {
        if (!reference.has("template_day")) {
            return ChatEncoder.load(folder);
        }
        Instant noon = LocalDate.parse(reference.get("template_day").asText()).atTime(12, 0).toInstant(ZoneOffset.UTC);
        return new ChatEncoder(Tokenizer.load(folder),
                ChatTemplate.load(folder).withClock(Clock.fixed(noon, ZoneOffset.UTC)));
    }

    private static int firstUserTurn(List<ChatMessage> conversation) {
        for (int i = 0; i < conversation.size(); i++) {
            if ("user".equals(conversation.get(i).role())) {
                return i;
            }
        }
        throw new IllegalStateException("no user turn");
    }

    private static int[] mask(EncodedExample example) {
        int[] mask = new int[example.length()];
        for (int t = 0; t < mask.length; t++) {
            mask[t] = example.weights()[t] != 0f ? 1 : 0;
        }
        return mask;
    }
}
