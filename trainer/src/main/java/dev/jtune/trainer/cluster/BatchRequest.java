package dev.jtune.trainer.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One batch job as both backends submit it: the resources, where it runs and writes its output, and the shell body.
 * {@link #script()} is the same request as {@code #SBATCH} lines, so the job folder's {@code job.sbatch} is readable
 * and runnable without JTune; slurmrestd 22.05 ignores those lines, so {@link SlurmRest} sends the fields instead.
 *
 * @param partition   empty for the cluster's default partition
 * @param account     empty for the user's default account
 * @param gpusPerNode 0 for none
 * @param timeLimit   {@code HH:MM:SS} or empty for the partition's limit
 * @param environment variables the job needs besides the submitter's
 */
public record BatchRequest(String name, Path workdir, Path output, String partition, String account, int nodes,
                           int gpusPerNode, String timeLimit, Map<String, String> environment, String body) {

    public String script() {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("#SBATCH --job-name=" + name);
        lines.add("#SBATCH --chdir=" + workdir);
        lines.add("#SBATCH --output=" + output);
        lines.add("#SBATCH --nodes=" + nodes);
        lines.add("#SBATCH --ntasks-per-node=1");
        if (!partition.isEmpty()) {
            lines.add("#SBATCH --partition=" + partition);
        }
        if (!account.isEmpty()) {
            lines.add("#SBATCH --account=" + account);
        }
        if (gpusPerNode > 0) {
            lines.add("#SBATCH --gpus-per-node=" + gpusPerNode);
        }
        if (!timeLimit.isEmpty()) {
            lines.add("#SBATCH --time=" + timeLimit);
        }
        environment.forEach((k, v) -> lines.add("export " + k + "=" + ShellWords.quote(v)));
        lines.add(body);
        return String.join("\n", lines) + "\n";
    }

    /** The time limit in whole minutes (slurmrestd's unit), rounded up; 0 when unset. */
    public int timeLimitMinutes() {
        if (timeLimit.isEmpty()) {
            return 0;
        }
        String[] parts = timeLimit.split(":");
        int seconds = 0;
        for (String p : parts) {
            seconds = seconds * 60 + Integer.parseInt(p);
        }
        return (seconds + 59) / 60;
    }
}
