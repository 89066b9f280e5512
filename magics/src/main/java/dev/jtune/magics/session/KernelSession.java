package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.jtune.kernel.magic.MagicException;
import dev.jtune.trainer.job.JobHandle;

/**
 * The one {@link Session} of a kernel, shared by its magics, the renderers and the {@code JTune} object of Java
 * cells. It opens on first use (so a kernel that never trains never touches the workspace) and is stopped
 * cleanly when the kernel shuts down.
 */
public final class KernelSession {
    private static final Logger LOG = Logger.getLogger(KernelSession.class.getName());

    private final Path workingDirectory;
    private Session session;
    private boolean closed;

    public KernelSession(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** The notebook's folder, where relative paths in magics start. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The session, opened in the notebook's folder (or {@code $JTUNE_HOME}) on first use. */
    public synchronized Session get() throws MagicException {
        if (closed) {
            throw new MagicException("KernelShuttingDown", "The kernel is shutting down; run this again after it restarts.", null);
        }
        if (session == null) {
            try {
                session = Session.open(workingDirectory);
            } catch (IOException e) {
                throw new MagicException("WorkspaceError", "Cannot open the JTune workspace: " + e.getMessage()
                        + ". Check that the notebook's folder (or $JTUNE_HOME) is writable.", e);
            }
        }
        return session;
    }

    /** The session if a magic (or Java cell) opened it already; opening starts the engine, too slow for completion. */
    public synchronized Optional<Session> ifOpen() {
        return closed ? Optional.empty() : Optional.ofNullable(session);
    }

    /** {@link #get()} for code that cannot throw a checked exception (renderers, the Java cells' {@code JTune}). */
    public Session require() {
        try {
            return get();
        } catch (MagicException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Asks every job training in this kernel to stop (each saves a checkpoint after its current step), waits for
     * them up to {@code grace}, then frees the loaded models.
     */
    public void shutdown(Duration grace) {
        Session open;
        synchronized (this) {
            if (closed) {
                return; // a shutdown_request already stopped the work; the JVM's shutdown hook comes second
            }
            closed = true;
            open = session;
        }
        if (open == null) {
            return;
        }
        Instant deadline = Instant.now().plus(grace);
        List<JobHandle> running = open.jobs().runningJobs();
        running.forEach(JobHandle::stop);
        for (JobHandle job : running) {
            try {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || !job.await(left)) {
                    LOG.warning("job " + job.name() + " did not stop within " + grace.toMillis()
                            + " ms; its last saved checkpoint is kept");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            open.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the session failed", e);
        }
    }
}
