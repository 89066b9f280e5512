package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.exec.Completion;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicRegistry;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.Session;

import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Handles shell (and control) requests on the socket's thread. Executes are queued to the
 * {@link ExecutionLoop}; everything else is answered at once, even while a cell runs.
 */
final class ShellHandler implements Consumer<Message> {
    private static final Logger LOG = Logger.getLogger(ShellHandler.class.getName());

    private final Session session;
    private final Iopub iopub;
    private final ExecutionLoop execution;
    private final History history;
    private final MagicRegistry magics;
    private final Runnable shutdown;
    private RouterChannel channel;

    ShellHandler(Session session, Iopub iopub, ExecutionLoop execution, History history, MagicRegistry magics,
                 Runnable shutdown) {
        this.session = session;
        this.iopub = iopub;
        this.execution = execution;
        this.history = history;
        this.magics = magics;
        this.shutdown = shutdown;
    }

    void attach(RouterChannel channel) {
        this.channel = channel;
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
        int cursor = CodePoints.toUtf16(code, request.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String line = code.substring(lineStart, cursor);
        ObjectNode c = ok();
        Completion completion;
        if (CellParser.isMagicLine(line) && line.strip().matches("%%?[\\w-]*")) {
            String prefix = line.strip().replaceFirst("^%+", "");
            List<String> names = magics.all().stream().map(Magic::name).filter(n -> n.startsWith(prefix)).toList();
            completion = new Completion(names, cursor - prefix.length(), cursor);
        } else {
            ExecutionLoop.KernelParts parts = awaitParts();
            completion = parts == null ? new Completion(List.of(), cursor, cursor)
                    : parts.java().complete(blankMagicLines(code), cursor);
        }
        c.set("matches", Json.MAPPER.valueToTree(completion.matches()));
        c.put("cursor_start", CodePoints.fromUtf16(code, completion.start()));
        c.put("cursor_end", CodePoints.fromUtf16(code, completion.end()));
        c.putObject("metadata");
        return c;
    }

    private ObjectNode inspect(ObjectNode request) {
        String code = request.path("code").asText("");
        int cursor = CodePoints.toUtf16(code, request.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        ExecutionLoop.KernelParts parts = awaitParts();
        String doc = parts == null ? null : parts.java().inspect(blankMagicLines(code), cursor);
        ObjectNode c = ok();
        c.put("found", doc != null);
        ObjectNode data = c.putObject("data");
        if (doc != null) {
            data.put("text/plain", doc);
        }
        c.putObject("metadata");
        return c;
    }

    private ObjectNode isComplete(ObjectNode request) {
        String code = request.path("code").asText("");
        ObjectNode c = Json.object();
        if (code.stripLeading().startsWith("%%")) {
            c.put("status", "complete");
            return c;
        }
        ExecutionLoop.KernelParts parts = awaitParts();
        String status = parts == null ? "unknown" : parts.java().isComplete(blankMagicLines(code));
        c.put("status", status);
        if ("incomplete".equals(status)) {
            c.put("indent", "    ");
        }
        return c;
    }

    /** Magic lines become blank lines of the same length, so Java offsets stay put. */
    private static String blankMagicLines(String code) {
        return java.util.Arrays.stream(code.split("\n", -1))
                .map(line -> CellParser.isMagicLine(line) ? " ".repeat(line.length()) : line)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private ExecutionLoop.KernelParts awaitParts() {
        try {
            return execution.parts();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
