package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.io.InputRequester;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.Session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * Serves {@code System.in} reads with input_request messages. The request goes to the identity of the
 * execute request being run (the front end's stdin socket shares it), and only if that request set
 * allow_stdin.
 */
final class StdinBridge implements InputRequester {
    private static final Logger LOG = Logger.getLogger(StdinBridge.class.getName());

    private final Session session;
    private final Runnable flushOutput;
    private volatile RouterChannel channel;
    private volatile Message currentRequest;
    private volatile boolean allowStdin;
    private volatile CompletableFuture<String> pending;

    StdinBridge(Session session, Runnable flushOutput) {
        this.session = session;
        this.flushOutput = flushOutput;
    }

    void attach(RouterChannel channel) {
        this.channel = channel;
    }

    void beginCell(Message request, boolean allowStdin) {
        this.currentRequest = request;
        this.allowStdin = allowStdin;
    }

    void endCell() {
        this.allowStdin = false;
        cancel();
    }

    /** On the stdin thread: an input_reply arrived. */
    void handle(Message message) {
        CompletableFuture<String> waiting = pending;
        if (!"input_reply".equals(message.msgType()) || waiting == null) {
            LOG.warning("unexpected " + message.msgType() + " on stdin; ignored");
            return;
        }
        waiting.complete(message.content().path("value").asText(""));
    }

    void cancel() {
        CompletableFuture<String> waiting = pending;
        if (waiting != null) {
            waiting.cancel(true);
        }
    }

    @Override
    public String requestLine(String prompt, boolean password) throws IOException {
        Message request = currentRequest;
        if (!allowStdin || request == null || channel == null) {
            throw new IOException("This cell cannot read from System.in: the notebook front end does not "
                    + "accept input requests here (allow_stdin is false). Pass the value in code instead.");
        }
        CompletableFuture<String> future = new CompletableFuture<>();
        synchronized (this) {
            pending = future;
            flushOutput.run();
            ObjectNode content = Json.object();
            content.put("prompt", prompt);
            content.put("password", password);
            channel.send(session.message(request.identities(), "input_request", request.header(), content));
            try {
                return future.get();
            } catch (InterruptedException | CancellationException e) {
                throw new InterruptedIOException("input request interrupted");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            } finally {
                pending = null;
            }
        }
    }
}
