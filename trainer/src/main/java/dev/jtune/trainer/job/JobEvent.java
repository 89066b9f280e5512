package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One line of {@code events.jsonl}: a log step, an evaluation, or a saved checkpoint. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StepMetrics.class, name = "log"),
        @JsonSubTypes.Type(value = EvalMetrics.class, name = "eval"),
        @JsonSubTypes.Type(value = CheckpointSaved.class, name = "checkpoint")
})
public sealed interface JobEvent permits StepMetrics, EvalMetrics, CheckpointSaved {

    long step();
}
