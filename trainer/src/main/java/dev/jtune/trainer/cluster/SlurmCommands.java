package dev.jtune.trainer.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm through its commands ({@code sbatch --parsable}, {@code scontrol show job}, {@code scancel}), run here or,
 * with an SSH prefix, on a login node. Works with any Slurm since 17.x: only long-stable flags and the
 * {@code Key=Value} output of {@code scontrol -o} are used. Without slurmdbd there is no {@code sacct}, so a job
 * the controller forgot (after MinJobAge) is {@link SchedulerState#UNKNOWN} and the job's own marker decides.
 */
public final class SlurmCommands implements ClusterBackend {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String cluster;
    private final List<String> prefix;
    private final Map<String, String> environment;

    /**
     * @param prefix      empty to run the commands here, else e.g. {@code ssh -o BatchMode=yes user@host}
     * @param environment added to the commands' environment (e.g. SLURM_CONF): here, or over ssh on the login node
     */
    public SlurmCommands(String cluster, List<String> prefix, Map<String, String> environment) {
        this.cluster = cluster;
        this.prefix = List.copyOf(prefix);
        this.environment = Map.copyOf(environment);
    }

    public static SlurmCommands local(String cluster) {
        return new SlurmCommands(cluster, List.of(), Map.of());
    }

    /**
     * Over SSH in batch mode (never a password prompt): {@code user@host}, optionally with a key file, an ssh_config
     * file of its own (port, jump host, known hosts) and the login node's slurm.conf when it is not the default.
     */
    public static SlurmCommands overSsh(String cluster, String userAtHost, String keyFile, String sshConfig,
                                        String slurmConf) {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=15"));
        if (sshConfig != null && !sshConfig.isEmpty()) {
            ssh.addAll(List.of("-F", sshConfig));
        }
        if (keyFile != null && !keyFile.isEmpty()) {
            ssh.addAll(List.of("-i", keyFile));
        }
        ssh.add(userAtHost);
        return new SlurmCommands(cluster, ssh, slurmConf == null ? Map.of() : Map.of("SLURM_CONF", slurmConf));
    }

    @Override
    public String submit(BatchRequest request) {
        Result r = run(List.of("sbatch", "--parsable"), request.script());
        if (r.exit != 0) {
            throw new ClusterException("Slurm on cluster '" + cluster + "' refused the job: " + r.errorText()
                    + ". Check --partition, --nodes, --gpus-per-node and --time against the cluster (sinfo lists "
                    + "its partitions).");
        }
        // --parsable prints "id" or "id;cluster".
        String id = r.out.strip().split(";")[0];
        if (!id.matches("\\d+")) {
            throw new ClusterException("sbatch on cluster '" + cluster + "' answered '" + r.out.strip()
                    + "' instead of a job id.");
        }
        return id;
    }

    @Override
    public SchedulerJob status(String schedulerId) {
        Result r = run(List.of("scontrol", "-o", "show", "job", schedulerId), null);
        if (r.exit != 0) {
            if (r.err.contains("Invalid job id")) {
                return SchedulerJob.forgotten(schedulerId);
            }
            throw unreachable("scontrol show job", r);
        }
        Map<String, String> fields = keyValues(r.out);
        return new SchedulerJob(schedulerId, SchedulerState.fromSlurm(fields.getOrDefault("JobState", "")),
                none(fields.get("Reason")), none(fields.get("NodeList")));
    }

    @Override
    public void cancel(String schedulerId) {
        Result r = run(List.of("scancel", schedulerId), null);
        if (r.exit != 0 && !r.err.contains("already completing or completed") && !r.err.contains("Invalid job id")) {
            throw unreachable("scancel", r);
        }
    }

    @Override
    public String readFile(Path file) throws IOException {
        if (prefix.isEmpty()) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        Result r = run(List.of("cat", file.toString()), null);
        if (r.exit != 0) {
            throw new IOException("cannot read " + file + " on cluster '" + cluster + "': " + r.errorText());
        }
        return r.out;
    }

    /** {@code scontrol -o}'s one line of {@code Key=Value} pairs; values have no spaces except the last ones'. */
    static Map<String, String> keyValues(String line) {
        Map<String, String> m = new HashMap<>();
        for (String token : line.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return m;
    }

    private static String none(String v) {
        return v == null || v.equals("(null)") || v.equals("None") ? "" : v;
    }

    private ClusterException unreachable(String what, Result r) {
        return new ClusterException(what + " on cluster '" + cluster + "' failed: " + r.errorText()
                + ". Check that the cluster is reachable (%cluster list shows how JTune reaches it).");
    }

    private record Result(int exit, String out, String err) {
        String errorText() {
            String e = err.strip().replaceAll("(?m)^(sbatch|scontrol|scancel): error: ", "").replace('\n', ' ');
            return e.isEmpty() ? "exit status " + exit : e;
        }
    }

    private Result run(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        ProcessBuilder pb = new ProcessBuilder(full);
        if (prefix.isEmpty()) {
            full.addAll(command);
            pb.environment().putAll(environment);
        } else {
            // ssh hands one string to the remote shell, so the words are quoted, and the environment goes with them
            // (sshd passes on none of ours).
            List<String> remote = new ArrayList<>();
            if (!environment.isEmpty()) {
                remote.add("env");
                new java.util.TreeMap<>(environment).forEach((k, v) -> remote.add(k + "=" + v));
            }
            remote.addAll(command);
            full.add(ShellWords.join(remote));
        }
        pb.command(full);
        Path outFile = null;
        Path errFile = null;
        try {
            // Outputs go to files so that a hung command cannot block a read: the wait below has a timeout.
            outFile = Files.createTempFile("jtune-slurm", ".out");
            errFile = Files.createTempFile("jtune-slurm", ".err");
            pb.redirectOutput(outFile.toFile());
            pb.redirectError(errFile.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ClusterException(command.get(0) + " on cluster '" + cluster + "' did not answer within "
                        + COMMAND_TIMEOUT.toSeconds() + " s. Check that the cluster is reachable.");
            }
            return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } catch (IOException e) {
            throw new ClusterException("Could not run " + full.get(0) + " for cluster '" + cluster + "': "
                    + e.getMessage() + ". Install Slurm's client commands here, or add the cluster with --ssh or "
                    + "--rest.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while waiting for " + command.get(0) + " on cluster '" + cluster
                    + "'.", e);
        } finally {
            deleteQuietly(outFile);
            deleteQuietly(errFile);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
