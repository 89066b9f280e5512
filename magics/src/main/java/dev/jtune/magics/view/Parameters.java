package dev.jtune.magics.view;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.ParametersView;
import dev.jtune.magics.render.TrainingPlan;
import dev.jtune.trainer.job.JobConfig;

/** A job's effective parameters, in config.json's order and names, for the parameter table. */
public final class Parameters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Parameters() {
    }

    public static Map<String, Object> effective(JobConfig config) {
        try {
            Map<String, Object> all = JSON.readValue(config.toJson(), new TypeReference<LinkedHashMap<String, Object>>() { });
            all.remove("name");
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Bundle table(String job, JobConfig config, Set<String> given, TrainingPlan plan) {
        return ParametersView.render(job, effective(config), given, plan);
    }
}
