package dev.jtune.kernel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ends the kernel when the process that owns it is gone, as ipykernel does: the one named by
 * {@code JPY_PARENT_PID} (jupyter_client sets it to the launching process) and the process that started this JVM.
 * Without this, a kernel whose Jupyter server or launcher was killed lives on as an orphan holding its ports,
 * its memory and its jobs.
 */
public final class ParentWatcher {
    private static final Logger LOG = Logger.getLogger(ParentWatcher.class.getName());

    /** A process as first seen: the pid with its start time, so a reused pid does not pass for the parent. */
    record Watched(String role, long pid, Optional<Instant> start) {
        boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> start.isEmpty() || p.info().startInstant().equals(start))
                    .orElse(false);
        }
    }

    private final List<Watched> watched;
    private final Duration interval;
    private final Runnable onGone;

    ParentWatcher(List<Watched> watched, Duration interval, Runnable onGone) {
        this.watched = List.copyOf(watched);
        this.interval = interval;
        this.onGone = onGone;
    }

    /** Watches {@code JPY_PARENT_PID} (when set to a live process) and this JVM's parent. */
    public static ParentWatcher forThisProcess(String jpyParentPid, Duration interval, Runnable onGone) {
        List<Watched> list = new ArrayList<>();
        if (jpyParentPid != null && jpyParentPid.matches("\\d+")) {
            long pid = Long.parseLong(jpyParentPid);
            ProcessHandle.of(pid).ifPresent(p -> list.add(new Watched("JPY_PARENT_PID", pid, p.info().startInstant())));
        }
        ProcessHandle.current().parent().filter(p -> p.pid() > 1)
                .filter(p -> list.stream().noneMatch(w -> w.pid() == p.pid()))
                .ifPresent(p -> list.add(new Watched("launcher", p.pid(), p.info().startInstant())));
        return new ParentWatcher(list, interval, onGone);
    }

    List<Watched> watched() {
        return watched;
    }

    /** Polls on a daemon thread; returns at once. */
    public void start() {
        if (watched.isEmpty()) {
            return;
        }
        Thread t = new Thread(this::watch, "jtune-parent-watcher");
        t.setDaemon(true);
        t.start();
    }

    private void watch() {
        try {
            while (true) {
                for (Watched w : watched) {
                    if (!w.alive()) {
                        LOG.warning("the kernel's " + w.role() + " process " + w.pid() + " has ended; shutting down");
                        onGone.run();
                        return;
                    }
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
