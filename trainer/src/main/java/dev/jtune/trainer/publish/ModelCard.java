package dev.jtune.trainer.publish;

import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.TrainerState;

import java.util.Locale;

/** The README.md of a published model: HF front matter, what it was trained from and on, parameters, metrics. */
final class ModelCard {

    private ModelCard() {
    }

    static String render(String name, String jobName, JobConfig c, TrainerState state, boolean adapterOnly) {
        StringBuilder b = new StringBuilder();
        b.append("---\n");
        b.append("base_model: ").append(c.base()).append('\n');
        b.append("library_name: ").append(adapterOnly ? "peft" : "transformers").append('\n');
        b.append("tags:\n  - jtune\n  - sft\n  - ").append(c.method()).append('\n');
        b.append("---\n\n");
        b.append("# ").append(name).append("\n\n");
        b.append(adapterOnly ? "A LoRA adapter for " : "A fine-tune of ").append('`').append(c.base()).append('`')
                .append(", trained with JTune (job `").append(jobName).append("`, checkpoint at step ")
                .append(state.step()).append(") on `").append(c.data()).append('`');
        if (c.val() != null) {
            b.append(", validated on `").append(c.val()).append('`');
        } else if (c.valRatio() > 0) {
            b.append(", with ").append(fmt(c.valRatio() * 100)).append("% held out for validation");
        }
        b.append(".\n\n");
        b.append(adapterOnly ? "Load it with PEFT on top of the base model, or in JTune as `" + name + "`.\n\n"
                : "LoRA weights are merged into the base weights; load it like any transformers model.\n\n");
        b.append("## Results\n\n| metric | value |\n| --- | --- |\n");
        row(b, "steps", Long.toString(state.step()));
        row(b, "epochs", fmt(state.epoch()));
        row(b, "tokens seen", Long.toString(state.tokensSeen()));
        row(b, "training loss", state.trainLoss() == null ? "-" : fmt(state.trainLoss()));
        row(b, "validation loss", state.valLoss() == null ? "-" : fmt(state.valLoss()));
        row(b, "best validation loss", state.bestValLoss() == null ? "-"
                : fmt(state.bestValLoss()) + " (step " + state.bestValLossStep() + ")");
        row(b, "training time", fmt(state.elapsedSeconds()) + " s");
        b.append("\n## Training parameters\n\n```yaml\n").append(c.toYaml()).append("```\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
