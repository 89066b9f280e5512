package dev.jtune.magics.magic;

import java.util.List;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.ClusterCommand;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.trainer.cluster.ClusterRegistry;
import dev.jtune.trainer.cluster.ClusterSpec;

/** {@code %cluster add|list|remove}: the workspace's clusters.yaml. */
public final class ClusterMagic implements Magic {

    private final KernelSession sessions;

    public ClusterMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String description() {
        return "Add, list or remove the Slurm clusters that %finetune --cluster submits jobs to.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new ClusterCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new ClusterCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new ClusterCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        ClusterRegistry clusters = new ClusterRegistry(sessions.get().workspace().root());
        Object command = parsed.command();
        if (command instanceof ClusterCommand.Add add) {
            if (add.rest == null && (add.tokenEnv != null || add.tokenFile != null)) {
                throw new MagicException("UsageError", "%cluster add: --token-env and --token-file are for --rest: "
                        + "add --rest URL, or drop them to use the Slurm commands.", null);
            }
            if (add.rest != null && add.tokenEnv == null && add.tokenFile == null) {
                throw new MagicException("UsageError", "%cluster add: --rest needs a token: name the environment "
                        + "variable that holds it with --token-env VAR (or a file with --token-file PATH).", null);
            }
            if (add.ssh == null && (add.sshKey != null || add.sshConfig != null)) {
                throw new MagicException("UsageError", "%cluster add: --ssh-key and --ssh-config go with --ssh "
                        + "USER@HOST (the login node to run the Slurm commands on).", null);
            }
            if (add.rest != null && add.ssh != null) {
                throw new MagicException("UsageError", "%cluster add: use either --rest or --ssh, not both.", null);
            }
            ClusterSpec spec = new ClusterSpec(add.name, ClusterSpec.SLURM, add.partition, add.account, add.workdir,
                    add.rest, null, add.user, add.tokenEnv, add.tokenFile, add.ssh, add.sshKey, add.sshConfig, add.slurmConf,
                    add.venv);
            MagicSupport.run("ClusterError", () -> clusters.put(spec));
            context.out().println("Added cluster " + add.name + " (Slurm, " + spec.access() + ", jobs in "
                    + spec.workdirPath().resolve("jobs") + "). Submit with %finetune ... --cluster " + add.name + ".");
            return;
        }
        if (command instanceof ClusterCommand.Remove remove) {
            boolean removed = MagicSupport.call("ClusterError", () -> clusters.remove(remove.name));
            if (!removed) {
                throw new MagicException("ClusterError", "%cluster remove: there is no cluster named '" + remove.name
                        + "' (see %cluster list).", null);
            }
            context.out().println("Removed cluster " + remove.name + "; its jobs' folders stay in place.");
            return;
        }
        List<ClusterSpec> all = MagicSupport.call("ClusterError", clusters::list);
        if (all.isEmpty()) {
            context.out().println("No clusters yet. Add one with %cluster add NAME --slurm --workdir DIR.");
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-14s %-12s %-10s %-36s %s%n", "CLUSTER", "PARTITION", "ACCOUNT", "WORKDIR", "REACHED BY"));
        for (ClusterSpec c : all) {
            sb.append(String.format("%-14s %-12s %-10s %-36s %s%n", c.name(), dash(c.partition()), dash(c.account()),
                    c.workdir(), c.access()));
        }
        context.out().print(sb);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
