package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.IopubChannel;
import dev.jtune.kernel.display.DisplayPublisher;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.io.OutputStreams;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Session;

import java.util.List;

/**
 * Publishing on iopub with the right parent: the request being handled, or for output from other threads
 * (training jobs, background threads of user code) the latest execute request. Stream text is flushed
 * before any other output so the notebook shows things in the order they happened.
 */
final class Iopub implements DisplayPublisher {
    private final IopubChannel channel;
    private final Session session;
    private final OutputStreams streams;
    private volatile ObjectNode executeParent = Json.object();

    Iopub(IopubChannel channel, Session session) {
        this.channel = channel;
        this.session = session;
        this.streams = new OutputStreams(this::stream);
    }

    OutputStreams streams() {
        return streams;
    }

    void setExecuteParent(ObjectNode parent) {
        executeParent = parent;
    }

    private void stream(String name, String text) {
        ObjectNode content = Json.object();
        content.put("name", name);
        content.put("text", text);
        channel.publish(session.message(List.of(), "stream", executeParent, content));
    }

    void publish(String msgType, ObjectNode content) {
        publish(msgType, content, executeParent);
    }

    void publish(String msgType, ObjectNode content, ObjectNode parent) {
        streams.flush();
        channel.publish(session.message(List.of(msgType.getBytes()), msgType, parent, content));
    }

    void status(String state, ObjectNode parent) {
        ObjectNode content = Json.object();
        content.put("execution_state", state);
        publish("status", content, parent);
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        publish("display_data", displayContent(bundle, displayId));
    }

    @Override
    public void update(MimeBundle bundle, String displayId) {
        publish("update_display_data", displayContent(bundle, displayId));
    }

    private static ObjectNode displayContent(MimeBundle bundle, String displayId) {
        ObjectNode content = Json.object();
        content.set("data", bundle.dataJson());
        content.set("metadata", bundle.metadataJson());
        ObjectNode transientPart = content.putObject("transient");
        if (displayId != null) {
            transientPart.put("display_id", displayId);
        }
        return content;
    }
}
