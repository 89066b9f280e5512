package dev.jtune.magics.view;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.ParametersView;
import dev.jtune.magics.render.TrainingPlan;
import dev.jtune.trainer.job.JobConfig;

/** A job's effective parameters, in config.json's order and names, for the parameter table. */
public final class Parameters {
    private Parameters() {
    }

    public static Map<String, Object> effective(JobConfig config) {
        Map<String, Object> all = new LinkedHashMap<>(config.asMap());
        all.remove("name");
        return all;
    }

    /** The parameters with the ones the user set in bold (as recorded in the job's config), and the plan if any. */
    public static Bundle table(String job, JobConfig config, TrainingPlan plan) {
        return ParametersView.render(job, effective(config), Set.copyOf(config.setByUser()), plan);
    }
}
