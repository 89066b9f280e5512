package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A cluster as {@code %cluster add} records it in {@code clusters.yaml}. Never a secret: a REST token is read, when
 * needed, from the environment variable {@code tokenEnv} or the file {@code tokenFile}.
 *
 * @param workdir where job folders go (a JTune workspace on a filesystem the nodes and this machine share)
 * @param rest    slurmrestd's address; null to use the Slurm commands (here, or over {@code ssh})
 * @param ssh     {@code user@host} of a login node to run the commands on; null to run them here
 * @param sshConfig an ssh_config file for {@code ssh} (port, jump host, known hosts); null for the user's own
 * @param slurmConf the commands' SLURM_CONF when the cluster's is not the default one; null for the default
 * @param venv      a Python environment on the shared filesystem with the external engines (LLaMA-Factory, TRL);
 *                  null to use the nodes' PATH
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "scheduler", "partition", "account", "workdir", "rest", "api-version", "user",
        "token-env", "token-file", "ssh", "ssh-key", "ssh-config", "slurm-conf", "venv"})
public record ClusterSpec(String name, String scheduler, String partition, String account, String workdir,
                          String rest, String apiVersion, String user, String tokenEnv, String tokenFile, String ssh,
                          String sshKey, String sshConfig, String slurmConf, String venv) {

    public static final String SLURM = "slurm";

    public Path workdirPath() {
        return Path.of(workdir);
    }

    /** The activate script of {@link #venv()}, or empty. */
    public String activateScript() {
        return venv == null ? "" : Path.of(venv).resolve("bin/activate").toString();
    }

    /** How JTune reaches the scheduler, in words ({@code %cluster list}). */
    public String access() {
        if (rest != null) {
            return "slurmrestd " + rest + " (token from " + (tokenEnv != null ? "$" + tokenEnv : tokenFile) + ")";
        }
        return ssh != null ? "ssh " + (sshConfig != null ? "-F " + sshConfig + " " : "")
                + (sshKey != null ? "-i " + sshKey + " " : "") + ssh : "Slurm commands here";
    }

    /** The backend for this cluster; a REST token is read now, so a missing one is reported before any work. */
    public ClusterBackend backend() {
        if (rest != null) {
            return new SlurmRest(name, rest, apiVersion == null ? SlurmRest.DEFAULT_API_VERSION : apiVersion,
                    user == null ? System.getProperty("user.name") : user, token());
        }
        if (ssh != null) {
            return SlurmCommands.overSsh(name, ssh, sshKey, sshConfig, slurmConf);
        }
        return new SlurmCommands(name, List.of(), slurmConf == null ? Map.of() : Map.of("SLURM_CONF", slurmConf));
    }

    private String token() {
        if (tokenEnv != null) {
            String t = System.getenv(tokenEnv);
            if (t == null || t.isBlank()) {
                throw new ClusterException("Cluster '" + name + "' reads its slurmrestd token from the environment "
                        + "variable " + tokenEnv + ", which is not set in this kernel. Set it (e.g. from 'scontrol "
                        + "token') before starting Jupyter, or add the cluster again with --token-file PATH.");
            }
            return t.strip().replaceFirst("^SLURM_JWT=", "");
        }
        if (tokenFile != null) {
            try {
                return Files.readString(Path.of(tokenFile)).strip().replaceFirst("^SLURM_JWT=", "");
            } catch (IOException e) {
                throw new ClusterException("Cluster '" + name + "' reads its slurmrestd token from " + tokenFile
                        + ", which cannot be read (" + e.getMessage() + "). Write the token there (e.g. 'scontrol "
                        + "token > " + tokenFile + "').", e);
            }
        }
        throw new ClusterException("Cluster '" + name + "' uses slurmrestd but names no token: add it again with "
                + "--token-env VAR or --token-file PATH.");
    }
}
