package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.Completion;
import dev.jtune.kernel.interpreter.CellInterpreter;
import dev.jtune.kernel.interpreter.Completeness;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.Session;
import dev.jtune.kernel.protocol.UnreadableContentException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Handles shell (and control) requests on the socket's thread. Executes are queued to the
 * {@link ExecutionLoop}; everything else is translated into a {@link CellInterpreter} call and answered at once,
 * even while a cell runs.
 */
final class ShellHandler implements Consumer<Message> {
    private static final Logger LOG = Logger.getLogger(ShellHandler.class.getName());
    /** jupyter_client kills a kernel 5 s after asking it to shut down: stop the work in less. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(4);

    private final Session session;
    private final Iopub iopub;
    private final ExecutionLoop execution;
    private final History history;
    private final Runnable shutdown;
    private RouterChannel channel;

    ShellHandler(Session session, Iopub iopub, ExecutionLoop execution, History history, Runnable shutdown) {
        this.session = session;
        this.iopub = iopub;
        this.execution = execution;
        this.history = history;
        this.shutdown = shutdown;
    }

    void attach(RouterChannel channel) {
        this.channel = channel;
    }

    /** A signed request whose content could not be read: an execute still gets its (error) reply. */
    void unreadable(UnreadableContentException e) {
        Message envelope = e.envelope();
        if ("execute_request".equals(envelope.msgType())) {
            execution.submitUnreadable(envelope, e.getMessage());
        } else {
            LOG.warning("dropped a " + envelope.msgType() + " whose content could not be read: " + e.getMessage());
        }
    }

    @Override
    public void accept(Message request) {
        String type = request.msgType();
        if ("execute_request".equals(type)) {
            execution.submit(request);
            return;
        }
        iopub.status("busy", request.header());
        try {
            if (Comms.TYPES.contains(type)) {
                Comms.handle(request, iopub);
                return;
            }
            ObjectNode reply = switch (type) {
                case "kernel_info_request" -> KernelInfo.content();
                case "complete_request" -> complete(request.content());
                case "inspect_request" -> inspect(request.content());
                case "is_complete_request" -> isComplete(request.content());
                case "history_request" -> history.reply(request.content());
                case "comm_info_request" -> {
                    ObjectNode c = ok();
                    c.putObject("comms");
                    yield c;
                }
                case "interrupt_request" -> {
                    execution.interrupt();
                    yield ok();
                }
                case "shutdown_request" -> {
                    // Like ipykernel's do_shutdown: running work stops (jobs save a checkpoint) before the reply.
                    interpreter().ifPresent(cells -> cells.shutdown(SHUTDOWN_GRACE));
                    ObjectNode c = ok();
                    c.put("restart", request.content().path("restart").asBoolean(false));
                    yield c;
                }
                default -> null;
            };
            if (reply == null) {
                LOG.warning("unsupported message type " + type + "; ignored");
                return;
            }
            channel.send(session.reply(request, type.replace("_request", "_reply"), reply));
            if ("shutdown_request".equals(type)) {
                shutdown.run();
            }
        } finally {
            iopub.status("idle", request.header());
        }
    }

    private static ObjectNode ok() {
        ObjectNode c = Json.object();
        c.put("status", "ok");
        return c;
    }

    private ObjectNode complete(ObjectNode request) {
        String code = request.path("code").asText("");
        int cursor = cursor(code, request);
        Completion completion = interpreter().map(cells -> cells.complete(code, cursor))
                .orElse(new Completion(List.of(), cursor, cursor));
        ObjectNode c = ok();
        c.set("matches", Json.MAPPER.valueToTree(completion.matches()));
        c.put("cursor_start", CodePoints.fromUtf16(code, completion.start()));
        c.put("cursor_end", CodePoints.fromUtf16(code, completion.end()));
        c.putObject("metadata");
        return c;
    }

    private ObjectNode inspect(ObjectNode request) {
        String code = request.path("code").asText("");
        int cursor = cursor(code, request);
        Optional<MimeBundle> found = interpreter().flatMap(cells -> cells.inspect(code, cursor));
        ObjectNode c = ok();
        c.put("found", found.isPresent());
        c.set("data", found.map(MimeBundle::dataJson).orElseGet(Json::object));
        c.putObject("metadata");
        return c;
    }

    private ObjectNode isComplete(ObjectNode request) {
        String code = request.path("code").asText("");
        Completeness completeness = interpreter().map(cells -> cells.isComplete(code)).orElse(Completeness.UNKNOWN);
        ObjectNode c = Json.object();
        c.put("status", completeness.status());
        if (completeness.indent() != null) {
            c.put("indent", completeness.indent());
        }
        return c;
    }

    /** Jupyter counts the cursor in code points; the interpreter works in Java string offsets. */
    private static int cursor(String code, ObjectNode request) {
        return CodePoints.toUtf16(code, request.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
    }

    private Optional<CellInterpreter> interpreter() {
        try {
            return Optional.ofNullable(execution.interpreter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
