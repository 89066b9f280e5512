package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A signed message is accepted once: the same frames sent again are a replay. */
class ReplayTest {
    private final Session session = new Session("tester");

    private List<byte[]> signedExecute(WireCodec codec) {
        ObjectNode content = Json.object();
        content.put("code", "counter++;");
        return codec.encode(new Message(List.of("client".getBytes(StandardCharsets.UTF_8)),
                session.header("execute_request"), Json.object(), Json.object(), content, List.of()));
    }

    @Test
    void aReplayedSignedMessageIsRejected() throws Exception {
        WireCodec codec = new WireCodec(new MessageSigner("secret-key", "hmac-sha256"));
        List<byte[]> frames = signedExecute(codec);
        assertEquals("counter++;", codec.decode(frames).content().get("code").asText());
        InvalidMessageException replay = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertTrue(replay.getMessage().contains("replayed"), replay.getMessage());
        assertEquals("counter++;", codec.decode(signedExecute(codec)).content().get("code").asText(),
                "a new message (new msg_id, new signature) is still accepted");
    }

    @Test
    void withoutAKeyNothingIsSignedSoNothingCountsAsAReplay() throws Exception {
        WireCodec codec = new WireCodec(new MessageSigner("", "hmac-sha256"));
        List<byte[]> frames = signedExecute(codec);
        codec.decode(frames);
        codec.decode(frames);
    }

    @Test
    void theHistoryIsBoundedAndForgetsTheOldestFirst() {
        DigestHistory history = new DigestHistory(3);
        for (String d : List.of("a", "b", "c")) {
            assertTrue(history.firstSighting(d));
        }
        assertFalse(history.firstSighting("a"));
        assertTrue(history.firstSighting("d"), "room is made for a new digest");
        assertTrue(history.firstSighting("a"), "the oldest one ('a', seen first) was forgotten");
        assertFalse(history.firstSighting("d"));
    }
}
