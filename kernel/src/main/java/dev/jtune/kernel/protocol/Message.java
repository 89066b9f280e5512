package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One Jupyter message: the ROUTER identities that address it, the four dicts, and binary buffers. */
public record Message(List<byte[]> identities, ObjectNode header, ObjectNode parentHeader,
                      ObjectNode metadata, ObjectNode content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    public String msgType() {
        return header.path("msg_type").asText("");
    }

    public String msgId() {
        return header.path("msg_id").asText("");
    }
}
