package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WireCodecTest {
    private final MessageSigner signer = new MessageSigner("secret-key", "hmac-sha256");
    private final WireCodec codec = new WireCodec(signer);
    private final Session session = new Session("tester");

    private Message sample() {
        ObjectNode content = Json.object();
        content.put("code", "1 + 1");
        content.put("loss", Double.NaN);
        return new Message(List.of("client-id".getBytes(StandardCharsets.UTF_8)), session.header("execute_request"),
                Json.object(), Json.object(), content, List.of(new byte[]{1, 2, 3}));
    }

    @Test
    void encodedFramesAreIdentitiesDelimiterSignatureDictsBuffers() {
        List<byte[]> frames = codec.encode(sample());
        assertEquals("client-id", new String(frames.get(0), StandardCharsets.UTF_8));
        assertArrayEquals(WireCodec.DELIMITER, frames.get(1));
        String signature = new String(frames.get(2), StandardCharsets.US_ASCII);
        assertEquals(signer.sign(frames.get(3), frames.get(4), frames.get(5), frames.get(6)), signature);
        assertEquals(64, signature.length());
        assertArrayEquals(new byte[]{1, 2, 3}, frames.get(7));
    }

    @Test
    void decodeRoundTripsAndKeepsIdentities() throws Exception {
        Message decoded = codec.decode(codec.encode(sample()));
        assertEquals("execute_request", decoded.msgType());
        assertEquals("1 + 1", decoded.content().get("code").asText());
        assertEquals("client-id", new String(decoded.identities().get(0), StandardCharsets.UTF_8));
        assertEquals(1, decoded.buffers().size());
    }

    @Test
    void nanIsWrittenAsValidJson() {
        String content = new String(codec.encode(sample()).get(6), StandardCharsets.UTF_8);
        assertTrue(content.contains("\"NaN\""), content);
    }

    @Test
    void tamperedContentIsRejected() {
        List<byte[]> frames = new ArrayList<>(codec.encode(sample()));
        frames.set(6, "{\"code\":\"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void messageSignedWithAnotherKeyIsRejected() {
        WireCodec other = new WireCodec(new MessageSigner("other-key", "hmac-sha256"));
        assertThrows(InvalidMessageException.class, () -> codec.decode(other.encode(sample())));
    }

    @Test
    void missingDelimiterIsRejected() {
        List<byte[]> frames = new ArrayList<>(codec.encode(sample()));
        frames.remove(1);
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void emptyKeyMeansUnsignedMessagesAreAccepted() throws Exception {
        WireCodec unsigned = new WireCodec(new MessageSigner("", "hmac-sha256"));
        List<byte[]> frames = unsigned.encode(sample());
        assertEquals(0, frames.get(2).length);
        assertEquals("execute_request", unsigned.decode(frames).msgType());
    }

    @Test
    void knownHmacVector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        MessageSigner jefe = new MessageSigner("Jefe", "hmac-sha256");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                jefe.sign("what do ya want ".getBytes(StandardCharsets.US_ASCII),
                        "for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void headerDateHasTimezone() {
        String date = session.header("status").get("date").asText();
        assertTrue(date.endsWith("Z") || date.matches(".*[+-]\\d\\d:\\d\\d$"), date);
    }

    @Test
    void unsupportedSchemeIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MessageSigner("k", "hmac-md5"));
        assertTrue(e.getMessage().contains("hmac-md5"));
    }
}
