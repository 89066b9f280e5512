package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames a message as [identities..., "&lt;IDS|MSG&gt;", signature, header, parent, metadata, content, buffers...].
 * Each dict is serialized once and those exact bytes are both signed and sent.
 */
public final class WireCodec {
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final MessageSigner signer;
    private final DigestHistory history;

    public WireCodec(MessageSigner signer) {
        this(signer, new DigestHistory(DigestHistory.DEFAULT_CAPACITY));
    }

    public WireCodec(MessageSigner signer, DigestHistory history) {
        this.signer = signer;
        this.history = history;
    }

    public List<byte[]> encode(Message message) {
        byte[] header = Json.bytes(message.header());
        byte[] parent = Json.bytes(message.parentHeader());
        byte[] metadata = Json.bytes(message.metadata());
        byte[] content = Json.bytes(message.content());
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    public Message decode(List<byte[]> frames) throws InvalidMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new InvalidMessageException("message without <IDS|MSG> delimiter or with fewer than 5 parts");
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new InvalidMessageException("bad HMAC signature");
        }
        if (signer.enabled() && !history.firstSighting(signature)) {
            throw new InvalidMessageException("replayed message: its signature was accepted before");
        }
        ObjectNode headerNode;
        ObjectNode parentNode;
        ObjectNode metadataNode;
        try {
            headerNode = Json.parseObject(header);
            parentNode = Json.parseObject(parent);
            metadataNode = Json.parseObject(metadata);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(e.getMessage());
        }
        List<byte[]> identities = frames.subList(0, delimiter);
        List<byte[]> buffers = frames.subList(delimiter + 6, frames.size());
        try {
            return new Message(identities, headerNode, parentNode, metadataNode, Json.parseObject(content), buffers);
        } catch (IllegalArgumentException e) {
            Message envelope = new Message(identities, headerNode, parentNode, metadataNode, Json.object(), List.of());
            throw new UnreadableContentException(envelope, Json.whyUnreadable(e, content.length));
        }
    }
}
