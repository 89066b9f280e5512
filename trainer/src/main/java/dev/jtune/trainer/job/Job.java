package dev.jtune.trainer.job;

import dev.jtune.trainer.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job folder in the workspace: {@code config.json}, {@code status.json}, {@code events.jsonl} and its
 * {@code checkpoint-<step>/} folders. A view over the files: every call reads the current state, so it works
 * while the job trains on another thread, and after a restart.
 */
public final class Job {

    private final String name;
    private final Path dir;

    Job(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public JobConfig config() {
        try {
            return JobConfig.read(dir.resolve("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("job " + name + " has no readable config.json: " + e.getMessage(), e);
        }
    }

    /**
     * The true status: a job recorded as queued or running whose JVM is gone reads as {@code interrupted}
     * (and is written back so), pointing at its last checkpoint.
     */
    public JobStatus status() {
        JobStatus s = rawStatus();
        if (s.isActive() && !s.ownerAlive()) {
            Optional<Checkpoint> last = lastCheckpoint();
            String msg = "the JVM running this job ended at step " + s.step() + "; "
                    + last.map(c -> "resume it from checkpoint " + c.step() + " with --resume " + name)
                    .orElse("it had no checkpoint yet: start it again");
            s = s.checkpoint(last.map(Checkpoint::step).orElse(null)).with(JobState.INTERRUPTED, msg);
            try {
                writeStatus(s);
            } catch (IOException e) {
                // a read-only workspace still reports the true status
            }
        }
        return s;
    }

    JobStatus rawStatus() {
        Path f = dir.resolve("status.json");
        try {
            return StateJson.MAPPER.readValue(f.toFile(), JobStatus.class);
        } catch (IOException e) {
            return JobStatus.created().with(JobState.FAILED, "status.json is unreadable (" + e.getMessage() + ")");
        }
    }

    synchronized void writeStatus(JobStatus status) throws IOException {
        AtomicFiles.write(dir.resolve("status.json"), out -> StateJson.MAPPER.writeValue(out, status));
    }

    public EventLog eventLog() {
        return new EventLog(dir.resolve("events.jsonl"));
    }

    public List<JobEvent> events() {
        return eventLog().read();
    }

    /** Name, base, status, progress, tokens, duration and best validation loss, for task lists. */
    public JobSummary summary() {
        return JobSummary.of(this);
    }

    /** Training metrics per log step, for plots ({@code JTune.job("x").metrics()}). */
    public List<StepMetrics> metrics() {
        return events().stream().filter(StepMetrics.class::isInstance).map(StepMetrics.class::cast).toList();
    }

    /** Validation losses. */
    public List<EvalMetrics> evaluations() {
        return events().stream().filter(EvalMetrics.class::isInstance).map(EvalMetrics.class::cast).toList();
    }

    /** Checkpoints on disk, oldest first; the one with the lowest validation loss is marked best. */
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> list = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return list;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(Checkpoint.PREFIX) || !Files.isRegularFile(p.resolve(TrainerState.FILE))) {
                    continue;
                }
                try {
                    long step = Long.parseLong(n.substring(Checkpoint.PREFIX.length()));
                    TrainerState st = TrainerState.read(p);
                    list.add(new Checkpoint(step, p, st.trainLoss(), st.valLoss(), false));
                } catch (NumberFormatException | IOException e) {
                    // not a checkpoint we wrote, or a damaged one: not offered for resume or publish
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        list.sort(Comparator.comparingLong(Checkpoint::step));
        Optional<Checkpoint> best = list.stream().filter(c -> c.valLoss() != null && !c.valLoss().isNaN())
                .min(Comparator.comparingDouble(Checkpoint::valLoss));
        return list.stream().map(c -> best.isPresent() && best.get().step() == c.step()
                ? new Checkpoint(c.step(), c.path(), c.trainLoss(), c.valLoss(), true) : c).toList();
    }

    public Optional<Checkpoint> lastCheckpoint() {
        List<Checkpoint> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The checkpoint with the lowest validation loss, else the last one. */
    public Optional<Checkpoint> bestCheckpoint() {
        return checkpoints().stream().filter(Checkpoint::best).findFirst().or(this::lastCheckpoint);
    }

    public Optional<Checkpoint> checkpoint(long step) {
        return checkpoints().stream().filter(c -> c.step() == step).findFirst();
    }

    /**
     * {@code last}, {@code best} or a step number; the error lists the steps there are.
     */
    public Checkpoint checkpoint(String which) {
        List<Checkpoint> all = checkpoints();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("job " + name + " has no checkpoint yet (status " + status().state()
                    + "): wait for its first save (every --save-steps) or its end");
        }
        if (which == null || which.isEmpty() || which.equals("last") || which.equals("latest")) {
            return all.get(all.size() - 1);
        }
        if (which.equals("best")) {
            return bestCheckpoint().orElseThrow();
        }
        long step;
        try {
            step = Long.parseLong(which);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + ":" + which + "': after the colon put a step number, "
                    + "best or last");
        }
        return checkpoint(step).orElseThrow(() -> new IllegalArgumentException("job " + name + " has no checkpoint "
                + "at step " + step + ": its checkpoints are at steps "
                + String.join(", ", all.stream().map(c -> Long.toString(c.step())).toList())));
    }

    @Override
    public String toString() {
        JobStatus s = status();
        return "Job[" + name + ", " + s.state().label() + ", step " + s.step() + "/" + s.totalSteps() + "]";
    }
}
