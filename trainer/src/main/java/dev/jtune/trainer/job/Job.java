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

    /** A file whose presence asks the process training the job to stop; works across kernels on one workspace. */
    static final String STOP_REQUEST = "stop-request";
    /** Present in the folder of a job submitted to a cluster (who runs it: cluster, engine, scheduler id). */
    public static final String CLUSTER_RECORD = "cluster.json";
    /** Written by a cluster job's batch script when it ends, whatever happened: its exit status. */
    public static final String CLUSTER_EXIT = "cluster-exit";

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
        } catch (IOException | RuntimeException e) {
            String damage = configDamage(e);
            throw new UncheckedIOException(damage, new IOException(damage, e));
        }
    }

    /**
     * Why {@code config.json} cannot be used, as a sentence; empty when it reads. Listings show such a job as
     * damaged with this reason instead of failing, so one bad file never hides the other jobs.
     */
    public Optional<String> damage() {
        try {
            JobConfig.read(dir.resolve("config.json"));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(configDamage(e));
        }
    }

    private String configDamage(Exception e) {
        Path file = dir.resolve("config.json");
        String why = e instanceof java.nio.file.NoSuchFileException ? "it is missing"
                : String.valueOf(e.getMessage()).replace(file + ": ", "");
        return "the config.json of job " + name + " (" + file + ") cannot be read: " + why + ". Fix or restore that "
                + "file, or delete the job with %jobs delete " + name + "; its checkpoints stay usable with "
                + "--init-from " + name + ":STEP";
    }

    /**
     * The true status: a job recorded as queued or running whose JVM is gone reads as {@code interrupted}
     * (and is written back so), pointing at its last checkpoint.
     */
    public JobStatus status() {
        JobStatus s = rawStatus();
        if (isOnCluster()) {
            return clusterStatus(s);
        }
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

    /** Submitted to a cluster: its trainer runs on a node, not in a process of this machine. */
    public boolean isOnCluster() {
        return Files.isRegularFile(dir.resolve(CLUSTER_RECORD));
    }

    /**
     * A cluster job's trainer writes status.json on the node (its pid means nothing here). Until it starts the job
     * reads as queued; if the batch script ended (its exit marker) without the trainer recording an end, the job
     * failed before or outside training (e.g. killed at its time limit).
     */
    private JobStatus clusterStatus(JobStatus s) {
        boolean ended = isEnd(s.state());
        Path exit = dir.resolve(CLUSTER_EXIT);
        String code = "";
        if (!ended && Files.isRegularFile(exit)) {
            try {
                code = Files.readString(exit).strip();
            } catch (IOException e) {
                code = "unknown";
            }
        }
        // exit 0 without a recorded end: an external engine's status is being translated (ExternalJobSync)
        if (!ended && !code.isEmpty() && !code.equals("0")) {
            Optional<Checkpoint> last = lastCheckpoint();
            return s.checkpoint(last.map(Checkpoint::step).orElse(null)).with(JobState.FAILED, "the cluster job "
                    + "ended (exit status " + code + ") before its trainer recorded an end; see its output with "
                    + "%jobs logs " + name + last.map(c -> ", and resume it from checkpoint " + c.step()
                    + " with --resume " + name).orElse(""));
        }
        return s.state() == JobState.CREATED ? s.with(JobState.QUEUED, null) : s;
    }

    /**
     * Whether status.json holds an end (succeeded, failed, stopped), as a trainer wrote it or as an engine's files were
     * translated, before any reading of the cluster's markers.
     */
    public boolean hasRecordedEnd() {
        return isEnd(rawStatus().state());
    }

    private static boolean isEnd(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.STOPPED;
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

    /**
     * Records the status of a cluster job whose engine is not JTune's trainer (nothing on the node writes JTune's
     * status.json), as translated from that engine's files.
     */
    public void recordExternalStatus(JobStatus status) throws IOException {
        if (!rawStatus().equals(status)) {
            writeStatus(status);
        }
    }

    /** Asks whichever process trains this job to stop at its next step (see {@link JobHandle#stopRequested}). */
    void requestStop() throws IOException {
        AtomicFiles.writeString(dir.resolve(STOP_REQUEST), "requested by process " + ProcessHandle.current().pid()
                + " at " + JobStatus.now() + "\n");
    }

    boolean stopRequestPending() {
        return Files.exists(dir.resolve(STOP_REQUEST));
    }

    void clearStopRequest() throws IOException {
        Files.deleteIfExists(dir.resolve(STOP_REQUEST));
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

    /** Checkpoints on disk that can be used, oldest first; the one with the lowest validation loss is marked best. */
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> list = new ArrayList<>();
        scanCheckpoints(list, new ArrayList<>());
        Optional<Checkpoint> best = list.stream().filter(c -> c.valLoss() != null && !c.valLoss().isNaN())
                .min(Comparator.comparingDouble(Checkpoint::valLoss));
        return list.stream().map(c -> best.isPresent() && best.get().step() == c.step()
                ? new Checkpoint(c.step(), c.path(), c.trainLoss(), c.valLoss(), true) : c).toList();
    }

    /** Checkpoint folders that cannot be used (their trainer state is missing or unreadable), oldest first. */
    public List<DamagedCheckpoint> damagedCheckpoints() {
        List<DamagedCheckpoint> damaged = new ArrayList<>();
        scanCheckpoints(new ArrayList<>(), damaged);
        return damaged;
    }

    private void scanCheckpoints(List<Checkpoint> intact, List<DamagedCheckpoint> damaged) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(Checkpoint.PREFIX)) {
                    continue;  // temp folders of a save in progress start with a dot
                }
                long step;
                try {
                    step = Long.parseLong(n.substring(Checkpoint.PREFIX.length()));
                } catch (NumberFormatException e) {
                    continue;  // not a folder we write
                }
                Path state = p.resolve(TrainerState.FILE);
                if (!Files.isRegularFile(state)) {
                    damaged.add(new DamagedCheckpoint(step, p, Files.isDirectory(p) ? "it has no " + TrainerState.FILE
                            : "it is not a folder"));
                    continue;
                }
                try {
                    TrainerState st = TrainerState.read(p);
                    intact.add(new Checkpoint(step, p, st.trainLoss(), st.valLoss(), false));
                } catch (IOException | RuntimeException e) {
                    damaged.add(new DamagedCheckpoint(step, p, "its " + TrainerState.FILE + " cannot be read ("
                            + firstLine(e.getMessage()) + ")"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a cluster job trained by LLaMA-Factory or TRL: the complete checkpoints transformers wrote under output/
        if (isOnCluster()) {
            for (Path c : HfCheckpoints.complete(dir.resolve("output"))) {
                intact.add(new Checkpoint(HfCheckpoints.step(c), c, null, null, false));
            }
        }
        intact.sort(Comparator.comparingLong(Checkpoint::step));
        damaged.sort(Comparator.comparingLong(DamagedCheckpoint::step));
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
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
        List<DamagedCheckpoint> damagedOnes = damagedCheckpoints();
        if (all.isEmpty() && !damagedOnes.isEmpty()) {
            throw new IllegalArgumentException(damagedMessage(damagedOnes.get(damagedOnes.size() - 1))
                    + ", and the job has no intact checkpoint: start it again with %jobs copy " + name + " NEW");
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("job " + name + " has no checkpoint yet (status " + status().state()
                    + "): wait for its first save (every --save-steps) or its end");
        }
        if (which == null || which.isEmpty() || which.equals("last") || which.equals("latest")) {
            Checkpoint last = all.get(all.size() - 1);
            Optional<DamagedCheckpoint> newer = damagedOnes.stream().filter(d -> d.step() > last.step())
                    .reduce((a, b) -> b);
            if (newer.isPresent()) {
                // falling back to an older checkpoint without a word would lose the steps since it, unnoticed
                throw new IllegalArgumentException(damagedMessage(newer.get()) + ": to go on from the newest "
                        + "intact one, name it: " + name + ":" + last.step() + " (e.g. --resume " + name + ":"
                        + last.step() + ")");
            }
            return last;
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
        Optional<DamagedCheckpoint> damaged = damagedOnes.stream().filter(d -> d.step() == step).findFirst();
        if (damaged.isPresent()) {
            throw new IllegalArgumentException(damagedMessage(damaged.get()) + ": its intact checkpoints are at steps "
                    + String.join(", ", all.stream().map(c -> Long.toString(c.step())).toList()));
        }
        return checkpoint(step).orElseThrow(() -> new IllegalArgumentException("job " + name + " has no checkpoint "
                + "at step " + step + ": its checkpoints are at steps "
                + String.join(", ", all.stream().map(c -> Long.toString(c.step())).toList())));
    }

    private String damagedMessage(DamagedCheckpoint d) {
        return "checkpoint " + d.step() + " of job " + name + " is damaged (" + d.reason() + "; " + d.path()
                + " is kept as it is, never overwritten)";
    }

    @Override
    public String toString() {
        JobStatus s = status();
        return "Job[" + name + ", " + s.state().label() + ", step " + s.step() + "/" + s.totalSteps() + "]";
    }
}
