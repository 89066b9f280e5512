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

    public FineTunerFactory tuners() {
        return (base, config) -> new FakeFineTuner(rig.knobs, config.seed());
    }
}
