package dev.jtune.magics.view;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.ParametersView;
import dev.jtune.magics.render.TrainingPlan;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobParameter;
import dev.jtune.trainer.job.JobParameters;

/** A job's effective parameters, by name, for the parameter table. */
public final class Parameters {
    private Parameters() {
    }

    /**
     * Every parameter but the name, in the order of {@code --help} (by group); an SFT job leaves out the preference
     * tuning parameters it does not use (its stage is still shown).
     */
    public static Map<String, Object> effective(JobConfig config) {
        Map<String, Object> values = config.asMap();
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (JobParameter p : JobParameters.all()) {
            boolean unusedPreference = p.group() == dev.jtune.trainer.job.ParameterGroup.PREFERENCE
                    && !p.name().equals("stage") && !config.trainsPreferences();
            if (!p.name().equals("name") && !unusedPreference) {
                ordered.put(p.name(), values.get(p.name()));
            }
        }
        return ordered;
    }

    /** The parameters with the ones the user set in bold (as recorded in the job's config), and the plan if any. */
    public static Bundle table(String job, JobConfig config, TrainingPlan plan) {
        return ParametersView.render(job, effective(config), Set.copyOf(config.setByUser()), plan);
    }
}
