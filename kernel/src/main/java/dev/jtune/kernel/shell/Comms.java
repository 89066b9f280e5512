package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;

import java.util.logging.Logger;

/**
 * Comm messages. The kernel registers no comm targets, so every comm_open is answered the way ipykernel answers
 * one to an unknown target: a comm_close on iopub, so the front end's widget or extension stops waiting for it.
 * comm_msg and comm_close need no answer (no comm is ever open).
 */
final class Comms {
    private static final Logger LOG = Logger.getLogger(Comms.class.getName());

    /** The messages this class handles (comm_info_request is a request with a reply, handled elsewhere). */
    static final java.util.Set<String> TYPES = java.util.Set.of("comm_open", "comm_msg", "comm_close");

    private Comms() {
    }

    static void handle(Message request, Iopub iopub) {
        if (!"comm_open".equals(request.msgType())) {
            return;
        }
        String id = request.content().path("comm_id").asText("");
        String target = request.content().path("target_name").asText("");
        LOG.fine("comm_open to target '" + target + "', which this kernel does not have; closing comm " + id);
        ObjectNode close = Json.object();
        close.put("comm_id", id);
        close.putObject("data");
        iopub.publish("comm_close", close, request.header());
    }
}
