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

    public FineTunerFactory tuners() {
        return (base, config) -> new FakeFineTuner(rig.knobs, config.seed());
    }
}
