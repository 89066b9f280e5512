package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.Job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch body of {@code --engine jtune}: jtune-train trains the job in its folder on the node with the same
 * config (so the same seed gives the same curve as here), then the script records its exit status in the job's
 * own marker, because the scheduler forgets finished jobs. A SIGTERM (scancel, the time limit) reaches the trainer,
 * which stops after the current step with a checkpoint.
 */
final class JTuneEngine {

    private JTuneEngine() {
    }

    static String body(List<String> trainerCommand, Path workdir, Path jobDir, String name) {
        List<String> run = new ArrayList<>(trainerCommand);
        run.addAll(List.of("run-job", "--workspace", workdir.toString(), name));
        String marker = ShellWords.quote(jobDir.resolve(Job.CLUSTER_EXIT).toString());
        return String.join("\n",
                "echo \"jtune job " + name + " on $(hostname), Slurm job $SLURM_JOB_ID\"",
                ShellWords.join(run) + " &",
                "trainer=$!",
                "trap 'kill -TERM $trainer' TERM",
                "wait $trainer; status=$?",
                "# a trap interrupts the first wait; wait again for the trainer's own exit status",
                "if kill -0 $trainer 2>/dev/null; then wait $trainer; status=$?; fi",
                "echo $status > " + marker,
                "exit $status");
    }
}
