package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.exec.CellError;
import dev.jtune.kernel.interpreter.CellInterpreter;
import dev.jtune.kernel.interpreter.CellOutcome;
import dev.jtune.kernel.interpreter.KernelFailures;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.Session;

import java.time.Duration;
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
 * answer completion, inspection and kernel_info meanwhile. It translates execute_request into
 * {@link CellInterpreter#execute} and the outcome into execute_reply and iopub messages, and answers every
 * request it is given, whatever happens inside the cell.
 */
final class ExecutionLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(ExecutionLoop.class.getName());

    /** An execute_request, or one whose content could not be read ({@code unreadable} says why). */
    private record Work(Message request, String unreadable) {
    }

    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Session session;
    private final Iopub iopub;
    private final StdinBridge stdin;
    private final History history;
    private final Supplier<CellInterpreter> startup;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile RouterChannel shell;
    private volatile CellInterpreter interpreter;
    private volatile CellError startupFailure;
    private int executionCount;

    ExecutionLoop(Session session, Iopub iopub, StdinBridge stdin, History history, Supplier<CellInterpreter> startup) {
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
        queue.add(new Work(request, null));
    }

    /** A signed execute_request whose content could not be read: it still gets an error reply, in turn. */
    void submitUnreadable(Message envelope, String reason) {
        queue.add(new Work(envelope, reason));
    }

    /** The interpreter once built (blocks until then); null if it could not start. */
    CellInterpreter interpreter() throws InterruptedException {
        ready.await();
        return interpreter;
    }

    /** Stops the interpreter's work (jobs save a checkpoint) if it has started; never waits for it to start. */
    void stopWork(Duration grace) {
        CellInterpreter running = interpreter;
        if (running != null) {
            running.shutdown(grace);
        }
    }

    /** interrupt_request: stop the running cell, if any. */
    void interrupt() {
        stdin.cancel();
        CellInterpreter running = interpreter;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run() {
        try {
            interpreter = startup.get();
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "JShell did not start", e);
            startupFailure = CellError.of("KernelStartupError", "The Java interpreter did not start: " + e
                    + ". Check the kernel's log, then restart the kernel.");
        } finally {
            ready.countDown();
        }
        while (!Thread.currentThread().isInterrupted()) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                execute(work);
            } catch (Throwable e) {
                LOG.log(Level.SEVERE, "answering an execute_request failed inside the kernel", e);
            }
        }
    }

    private void execute(Work work) {
        Message request = work.request();
        ObjectNode c = request.content();
        String code = c.path("code").asText("");
        boolean silent = c.path("silent").asBoolean(false);
        boolean storeHistory = work.unreadable() == null && !silent && c.path("store_history").asBoolean(true);
        boolean stopOnError = c.path("stop_on_error").asBoolean(true);

        iopub.setExecuteParent(request.header());
        iopub.status("busy", request.header());
        boolean replied = false;
        try {
            if (storeHistory) {
                executionCount++;
            }
            int count = executionCount;
            if (!silent && work.unreadable() == null) {
                ObjectNode input = Json.object();
                input.put("code", code);
                input.put("execution_count", count);
                iopub.publish("execute_input", input);
            }
            CellOutcome outcome = run(work, count);
            iopub.streams().flush();
            ObjectNode reply = Json.object();
            if (outcome.ok()) {
                if (outcome.result() != null && !silent) {
                    ObjectNode result = Json.object();
                    result.put("execution_count", count);
                    result.set("data", outcome.result().dataJson());
                    result.set("metadata", outcome.result().metadataJson());
                    iopub.publish("execute_result", result);
                }
                reply.put("status", "ok");
                reply.put("execution_count", count);
                reply.set("user_expressions", userExpressions(c.path("user_expressions")));
                reply.putArray("payload");
            } else {
                publishError(outcome.error(), reply);
                reply.put("execution_count", count);
            }
            if (storeHistory) {
                history.add(count, code, outcome.result() == null ? null : outcome.result().plainText());
            }
            // Only what was queued before this reply leaves is aborted: a cell the front end sends after
            // seeing the error runs normally (ipykernel's stop_on_error).
            List<Work> aborted = outcome.ok() || !stopOnError ? List.of() : drainQueued();
            shell.send(session.reply(request, "execute_reply", reply));
            iopub.status("idle", request.header());
            replied = true;
            aborted.forEach(this::abort);
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "execute_request failed inside the kernel", e);
            if (replied) {
                return;
            }
            // Whatever failed above, the request still gets an answer and the front end an idle status.
            ObjectNode reply = Json.object();
            publishError(KernelFailures.describe("The kernel, answering this cell,", e), reply);
            reply.put("execution_count", executionCount);
            shell.send(session.reply(request, "execute_reply", reply));
            iopub.status("idle", request.header());
        }
    }

    private CellOutcome run(Work work, int count) {
        if (work.unreadable() != null) {
            return CellOutcome.failed(CellError.of("RequestTooLarge", work.unreadable()));
        }
        CellInterpreter cells = interpreter;
        if (cells == null) {
            return CellOutcome.failed(startupFailure);
        }
        Message request = work.request();
        stdin.beginCell(request, request.content().path("allow_stdin").asBoolean(false));
        try {
            return cells.execute(request.content().path("code").asText(""), count);
        } finally {
            stdin.endCell();
        }
    }

    private void publishError(CellError e, ObjectNode reply) {
        ObjectNode error = Json.object();
        error.put("ename", e.ename());
        error.put("evalue", e.evalue());
        error.set("traceback", Json.MAPPER.valueToTree(e.traceback()));
        iopub.publish("error", error);
        reply.setAll(error);
        reply.put("status", "error");
    }

    private ObjectNode userExpressions(JsonNode expressions) {
        ObjectNode out = Json.object();
        CellInterpreter cells = interpreter;
        expressions.fields().forEachRemaining(entry -> {
            ObjectNode value = out.putObject(entry.getKey());
            CellOutcome r = cells.evaluate(entry.getValue().asText());
            if (r.ok()) {
                value.put("status", "ok");
                value.set("data", r.result().dataJson());
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

    private List<Work> drainQueued() {
        List<Work> queued = new ArrayList<>();
        queue.drainTo(queued);
        return queued;
    }

    private void abort(Work work) {
        Message request = work.request();
        iopub.status("busy", request.header());
        ObjectNode reply = Json.object();
        reply.put("status", "aborted");
        reply.put("execution_count", executionCount);
        shell.send(session.reply(request, "execute_reply", reply));
        iopub.status("idle", request.header());
    }
}
