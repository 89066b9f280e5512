package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.job.Job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cluster job's {@code cluster.json}: which cluster runs it, with which engine, under which scheduler id, and
 * where the scheduler writes its output. A kernel restart finds the job again from this file alone.
 */
public record ClusterJobRecord(String cluster, String engine, String schedulerId, String output, String submitted) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Optional<ClusterJobRecord> of(Job job) {
        Path f = job.dir().resolve(Job.CLUSTER_RECORD);
        try {
            return Optional.of(JSON.readValue(f.toFile(), ClusterJobRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(Path jobDir) throws IOException {
        AtomicFiles.write(jobDir.resolve(Job.CLUSTER_RECORD), out -> JSON.writeValue(out, this));
    }

    public ClusterJobRecord withSchedulerId(String id) {
        return new ClusterJobRecord(cluster, engine, id, output, submitted);
    }
}
