package dev.jtune.magics.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %cluster add NAME --slurm ... | list | remove NAME}: the clusters jobs can be submitted to
 * ({@code %finetune --cluster NAME}), kept in the workspace's clusters.yaml.
 */
@Command(name = "%cluster", description = "Add, list or remove the Slurm clusters jobs run on (%finetune --cluster NAME). "
        + "With no action, lists them.",
        subcommands = {ClusterCommand.Add.class, ClusterCommand.ListAll.class, ClusterCommand.Remove.class})
public final class ClusterCommand {
    @Mixin
    HelpFlag help;

    @Command(name = "add", description = "Add a cluster (or replace the one of that name). Tokens are never stored: "
            + "--token-env names the variable that holds it.")
    public static final class Add {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name in this workspace.")
        public String name;

        @Option(names = "--slurm", required = true, description = "The cluster runs Slurm.")
        public boolean slurm;

        @Option(names = "--workdir", required = true, paramLabel = "DIR",
                description = "A folder on a filesystem the nodes and this machine share; job folders go in DIR/jobs.")
        public String workdir;

        @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).")
        public String partition;

        @Option(names = "--account", paramLabel = "A", description = "Slurm account (default: yours).")
        public String account;

        @Option(names = "--rest", paramLabel = "URL", description = "slurmrestd's address, e.g. http://head:6820 "
                + "(API v0.0.38 of Slurm 22.05/23.02, or v0.0.37); without it the Slurm commands are used.")
        public String rest;

        @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding the JWT for --rest.")
        public String tokenEnv;

        @Option(names = "--token-file", paramLabel = "PATH", description = "File holding the JWT for --rest.")
        public String tokenFile;

        @Option(names = "--user", paramLabel = "USER", description = "The user the token is for (default: yours).")
        public String user;

        @Option(names = "--ssh", paramLabel = "USER@HOST", description = "Run the Slurm commands on this login node.")
        public String ssh;

        @Option(names = "--ssh-key", paramLabel = "PATH", description = "Private key for --ssh.")
        public String sshKey;

        @Option(names = "--ssh-config", paramLabel = "PATH", description = "An ssh_config file for --ssh (port, jump "
                + "host, known hosts); default: yours.")
        public String sshConfig;

        @Option(names = "--venv", paramLabel = "DIR", description = "Python environment on the shared filesystem with "
                + "LLaMA-Factory or TRL, for --engine llamafactory|trl (default: the nodes' PATH).")
        public String venv;

        @Option(names = "--slurm-conf", paramLabel = "PATH",
                description = "The commands' slurm.conf when it is not the default one (SLURM_CONF), here or on the "
                        + "--ssh login node.")
        public String slurmConf;
    }

    @Command(name = "list", description = "List the clusters: name, partition, account, workdir, how JTune reaches them.")
    public static final class ListAll {
        @Mixin
        HelpFlag help;
    }

    @Command(name = "remove", description = "Forget a cluster (its jobs' folders stay where they are).")
    public static final class Remove {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "NAME")
        public String name;
    }
}
