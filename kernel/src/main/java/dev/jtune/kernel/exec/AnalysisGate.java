package dev.jtune.kernel.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * JShell's compiler state is not safe to use from two threads, yet completion and inspection must be answered
 * while a long cell runs. The evaluating thread holds this gate while JShell compiles and lets go of it while
 * user code runs, which is when completion requests get through.
 */
final class AnalysisGate {
    private final ReentrantLock lock = new ReentrantLock();

    void enterCompile() {
        lock.lock();
    }

    void leaveCompile() {
        lock.unlock();
    }

    private boolean releasedForUserCode; // touched only by the evaluating thread

    void userCodeStarting() {
        releasedForUserCode = lock.isHeldByCurrentThread();
        if (releasedForUserCode) {
            lock.unlock();
        }
    }

    void userCodeFinished() {
        if (releasedForUserCode) {
            lock.lock();
            releasedForUserCode = false;
        }
    }

    /** Runs an analysis, or answers {@code fallback} if a compile keeps the gate longer than the wait. */
    <T> T analyze(Supplier<T> analysis, T fallback) {
        try {
            if (!lock.tryLock(3, TimeUnit.SECONDS)) {
                return fallback;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
        try {
            return analysis.get();
        } finally {
            lock.unlock();
        }
    }
}
