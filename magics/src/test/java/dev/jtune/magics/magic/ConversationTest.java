package dev.jtune.magics.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.jtune.kernel.magic.MagicException;
import dev.jtune.trainer.text.ChatMessage;

class ConversationTest {
    @Test
    void plainPromptIsOneUserTurnAfterTheSystemMessage() throws MagicException {
        assertEquals(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hello: there")),
                Conversation.of("Be brief.", "Hello: there"));
        assertEquals(List.of(new ChatMessage("user", "hi")), Conversation.of(null, "  hi \n"));
    }

    @Test
    void roleLinesMakeAMultiTurnChatAndContinuationLinesJoinTheirTurn() throws MagicException {
        List<ChatMessage> chat = Conversation.of(null, "user: hi\nassistant: hello\nhow can I help?\nUser: my card\nis lost");
        assertEquals(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello\nhow can I help?"),
                new ChatMessage("user", "my card\nis lost")), chat);
    }

    @Test
    void theModelAnswersAUserTurn() {
        MagicException error = assertThrows(MagicException.class, () -> Conversation.of(null, "user: hi\nassistant: hello"));
        assertTrue(error.getMessage().contains("end with a 'user:' line"), error.getMessage());
    }
}
