package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Makes the kernel's outgoing messages: fresh headers in this kernel session, replies that echo identities. */
public final class Session {
    public static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final String id = UUID.randomUUID().toString();
    private final String username;

    public Session(String username) {
        this.username = username;
    }

    public String id() {
        return id;
    }

    public ObjectNode header(String msgType) {
        ObjectNode h = Json.object();
        h.put("msg_id", UUID.randomUUID().toString());
        h.put("session", id);
        h.put("username", username);
        h.put("date", ISO.format(OffsetDateTime.now(ZoneOffset.UTC)));
        h.put("msg_type", msgType);
        h.put("version", PROTOCOL_VERSION);
        return h;
    }

    /** A reply on the same socket: same identities, the request's header as parent. */
    public Message reply(Message request, String msgType, ObjectNode content) {
        return new Message(request.identities(), header(msgType), request.header(), Json.object(), content, List.of());
    }

    /** A message to another socket (iopub, stdin) whose parent is {@code parentHeader}. */
    public Message message(List<byte[]> identities, String msgType, ObjectNode parentHeader, ObjectNode content) {
        return new Message(identities, header(msgType), parentHeader == null ? Json.object() : parentHeader,
                Json.object(), content, List.of());
    }
}
