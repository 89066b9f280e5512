package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.CellError;
import dev.jtune.kernel.exec.JavaEvaluator;
import dev.jtune.kernel.exec.JavaResult;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that runs cells, in the order execute requests arrived; the shell thread stays free to
 * answer completion, inspection and kernel_info meanwhile.
 */
final class ExecutionLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(ExecutionLoop.class.getName());

    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Session session;
    private final Iopub iopub;
    private final StdinBridge stdin;
    private final History history;
    private final Supplier<KernelParts> startup;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile RouterChannel shell;
    private volatile KernelParts parts;
    private volatile CancellationSignal running;
    private int executionCount;

    /** What the loop needs that is slow to build (JShell): made on this thread when it starts. */
    record KernelParts(JavaEvaluator java, CellExecutor cells) {
    }

    ExecutionLoop(Session session, Iopub iopub, StdinBridge stdin, History history, Supplier<KernelParts> startup) {
        this.session = session;
        this.iopub = iopub;
        this.stdin = stdin;
        this.history = history;
        this.startup = startup;
    }

    void attach(RouterChannel shell) {
        this.shell = shell;
    }

    void submit(Message request) {
        queue.add(request);
    }

    /** The JShell parts once built (blocks until then). */
    KernelParts parts() throws InterruptedException {
        ready.await();
        return parts;
    }

    KernelParts partsIfReady() {
        return parts;
    }

    /** interrupt_request: stop the running cell, if any. */
    void interrupt() {
        CancellationSignal cell = running;
        if (cell == null) {
            return;
        }
        cell.cancel();
        stdin.cancel();
        KernelParts p = parts;
        if (p != null) {
            p.java().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            parts = startup.get();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "JShell did not start", e);
            throw e;
        } finally {
            ready.countDown();
        }
        while (!Thread.currentThread().isInterrupted()) {
            Message request;
            try {
                request = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                execute(request);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "execute_request failed inside the kernel", e);
            }
        }
    }

    private void execute(Message request) {
        ObjectNode c = request.content();
        String code = c.path("code").asText("");
        boolean silent = c.path("silent").asBoolean(false);
        boolean storeHistory = !silent && c.path("store_history").asBoolean(true);
        boolean stopOnError = c.path("stop_on_error").asBoolean(true);
        boolean allowStdin = c.path("allow_stdin").asBoolean(false);

        iopub.setExecuteParent(request.header());
        iopub.status("busy", request.header());
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            ObjectNode input = Json.object();
            input.put("code", code);
            input.put("execution_count", count);
            iopub.publish("execute_input", input);
        }
        CancellationSignal cancellation = new CancellationSignal();
        KernelParts p = parts;
        p.java().resetInterrupt();
        stdin.beginCell(request, allowStdin);
        running = cancellation;
        CellOutcome outcome;
        try {
            outcome = p.cells().run(code, "Cell In[" + count + "]", cancellation);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.SEVERE, "cell failed inside the kernel", e);
            outcome = new CellOutcome(null, CellError.of("InternalError",
                    "The kernel failed running this cell: " + e + ". The kernel is still running."));
        } finally {
            running = null;
            stdin.endCell();
        }
        iopub.streams().flush();

        ObjectNode reply = Json.object();
        if (outcome.error() == null) {
            if (outcome.result() != null && !silent) {
                ObjectNode result = Json.object();
                result.put("execution_count", count);
                result.set("data", outcome.result().dataJson());
                result.set("metadata", outcome.result().metadataJson());
                iopub.publish("execute_result", result);
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.set("user_expressions", userExpressions(c.path("user_expressions"), p.java()));
            reply.putArray("payload");
        } else {
            CellError e = outcome.error();
            ObjectNode error = Json.object();
            error.put("ename", e.ename());
            error.put("evalue", e.evalue());
            error.set("traceback", Json.MAPPER.valueToTree(e.traceback()));
            iopub.publish("error", error);
            reply.setAll(error);
            reply.put("status", "error");
            reply.put("execution_count", count);
        }
        if (storeHistory) {
            history.add(count, code, outcome.result() == null ? null : outcome.result().plainText());
        }
        shell.send(session.reply(request, "execute_reply", reply));
        iopub.status("idle", request.header());
        if (outcome.error() != null && stopOnError) {
            abortQueued();
        }
    }

    private ObjectNode userExpressions(JsonNode expressions, JavaEvaluator java) {
        ObjectNode out = Json.object();
        expressions.fields().forEachRemaining(entry -> {
            ObjectNode value = out.putObject(entry.getKey());
            JavaResult r = java.eval(entry.getValue().asText(), "user expression " + entry.getKey(), 1);
            if (r.ok()) {
                value.put("status", "ok");
                MimeBundle bundle = MimeBundle.text(r.hasValue() ? r.text() : "");
                value.set("data", bundle.dataJson());
                value.putObject("metadata");
            } else {
                value.put("status", "error");
                value.put("ename", r.error().ename());
                value.put("evalue", r.error().evalue());
                value.set("traceback", Json.MAPPER.valueToTree(r.error().traceback()));
            }
        });
        return out;
    }

    /** After an error with stop_on_error, the executes already queued are not run. */
    private void abortQueued() {
        List<Message> queued = new ArrayList<>();
        queue.drainTo(queued);
        for (Message request : queued) {
            iopub.status("busy", request.header());
            ObjectNode reply = Json.object();
            reply.put("status", "aborted");
            reply.put("execution_count", executionCount);
            shell.send(session.reply(request, "execute_reply", reply));
            iopub.status("idle", request.header());
        }
    }
}
