package dev.jtune.trainer.job;


import java.io.IOException;
import java.nio.file.Path;

/** Exposes the fake-engine rig to tests of other packages (publish, eval). */
public final class JobTestSupport {

    private final JobRig rig;

    public JobTestSupport(Path root) throws IOException {
        rig = new JobRig(root);
    }

    public static JobConfig config(String name, String... keyValues) {
        return JobRig.config(name, keyValues);
    }

    public JobManager manager() {
        return rig.manager;
    }

    public Workspace workspace() {
        return rig.workspace;
    }

    public ModelResolver resolver() {
        return rig.resolver;
    }

    /** Makes each merge wait for {@code parties} merges in all, so concurrent publishes race at their rename. */
    public void holdMergesUntil(int parties) {
        rig.knobs.mergeBarrier = new java.util.concurrent.CyclicBarrier(parties);
    }

    /**
     * Publishing's merge step for the fake engine's checkpoints (no real weights): it waits at the merge barrier,
     * then writes "merged W" (the checkpoint's fake weight) where the weights go, and the base's config.
     */
    public dev.jtune.trainer.publish.ModelMerger merger() {
        return (base, checkpoint, dir) -> {
            java.util.concurrent.CyclicBarrier barrier = rig.knobs.mergeBarrier;
            if (barrier != null) {
                try {
                    barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IOException("merge barrier: " + e, e);
                }
            }
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("model.safetensors"), "merged " + checkpointWeight(checkpoint));
            java.nio.file.Files.writeString(dir.resolve("config.json"),
                    java.nio.file.Files.readString(base.resolve("config.json")));
        };
    }

    /** The one weight a fake checkpoint folder holds. */
    public static double checkpointWeight(Path checkpoint) throws IOException {
        return FakeFineTuner.weightIn(checkpoint);
    }

    public FineTunerFactory tuners() {
        return (base, config) -> new FakeFineTuner(rig.knobs, config.seed());
    }
}
