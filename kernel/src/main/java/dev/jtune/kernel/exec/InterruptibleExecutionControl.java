package dev.jtune.kernel.exec;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * JShell execution in the kernel's own JVM (user code shares objects with the kernel and the trainer) that
 * can be interrupted on every JDK:
 * <ol>
 *   <li>snippet classes are instrumented on load so loops and method entries poll {@link InterruptCheck};</li>
 *   <li>{@link Thread#interrupt()} wakes blocking calls (sleep, wait, queue takes, interruptible I/O);</li>
 *   <li>code stuck inside non-instrumented library code: on JDK &lt; 20 the cell thread gets
 *       {@code Thread.stop}; on JDK 20+, where it is gone, the cell is abandoned (reported as interrupted,
 *       its thread left running in the background).</li>
 * </ol>
 * Each snippet runs on its own thread so a stop never lands in kernel code.
 */
public final class InterruptibleExecutionControl extends DirectExecutionControl {
    private static final Logger LOG = Logger.getLogger(InterruptibleExecutionControl.class.getName());
    private static final long ESCALATE_AFTER_MS = 1500;
    private static final long CELL_STACK_BYTES = 16L << 20;

    private final SnippetInstrumenter instrumenter = new SnippetInstrumenter();
    private final ExecutionHooks hooks;
    private final AtomicInteger threadCount = new AtomicInteger();
    private volatile Thread cellThread;
    private volatile long interruptedAt;
    private volatile boolean abandoned;

    public InterruptibleExecutionControl(ExecutionHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void load(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            rewritten[i] = new ClassBytecodes(cbcs[i].name(), instrumenter.instrument(cbcs[i].bytecodes()));
        }
        super.load(rewritten);
    }

    @Override
    public void stop() {
        interrupt();
    }

    /** Asks the running snippet (if any) to stop. Safe from any thread. */
    public void interrupt() {
        Thread t = cellThread;
        if (t == null) {
            return;
        }
        interruptedAt = System.nanoTime();
        InterruptCheck.request();
        t.interrupt();
    }

    /** True once per cell when the last interrupt had to leave the snippet thread running. */
    public boolean takeAbandoned() {
        boolean a = abandoned;
        abandoned = false;
        return a;
    }

    /** Called before each cell so that an earlier interrupt does not stop the new one. */
    public void resetInterrupt() {
        InterruptCheck.clear();
        interruptedAt = 0;
        abandoned = false;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "jtune-cell-" + threadCount.incrementAndGet(), CELL_STACK_BYTES);
        t.setDaemon(true);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        hooks.userCodeStarting();
        try {
            cellThread = t;
            t.start();
            waitFor(t);
        } finally {
            cellThread = null;
            hooks.userCodeFinished();
        }
        if (t.isAlive()) {
            abandoned = true;
            throw new InvocationTargetException(new CellInterruptedError());
        }
        if (failure[0] != null) {
            if (failure[0] instanceof Exception e) {
                throw e;
            }
            throw new InvocationTargetException(failure[0]);
        }
        hooks.valueProduced(result[0]);
        return valueString(result[0]);
    }

    private void waitFor(Thread t) throws InterruptedException {
        boolean stopTried = false;
        while (t.isAlive()) {
            t.join(50);
            long since = interruptedAt;
            if (since == 0 || !t.isAlive() || System.nanoTime() - since < ESCALATE_AFTER_MS * 1_000_000) {
                continue;
            }
            if (!stopTried && Runtime.version().feature() < 20) {
                stopTried = true;
                stopThread(t);
                continue;
            }
            if (System.nanoTime() - since > 2 * ESCALATE_AFTER_MS * 1_000_000) {
                LOG.warning("cell thread " + t.getName() + " did not stop; leaving it running in the background");
                return;
            }
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopThread(Thread t) {
        try {
            Thread.class.getMethod("stop").invoke(t);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            LOG.fine("Thread.stop not available: " + e);
        }
    }

    /** What the evaluator wants to know about snippet execution. */
    public interface ExecutionHooks {
        void userCodeStarting();

        void userCodeFinished();

        void valueProduced(Object value);
    }
}
