package dev.jtune.trainer.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters section of {@code --help} ({@code %finetune --help}, {@code jtune-train finetune --help}): every
 * parameter by group, with its help, default, allowed values and what 0 means, from {@link JobParameters}.
 */
public final class ParameterHelp {

    private static final int NAME_WIDTH = 30;
    private static final int WIDTH = 110;

    private ParameterHelp() {
    }

    public static String text() {
        StringBuilder out = new StringBuilder();
        for (ParameterGroup group : ParameterGroup.values()) {
            List<JobParameter> params = JobParameters.inGroup(group);
            if (params.isEmpty()) {
                continue;
            }
            out.append(group.title()).append(" parameters:\n");
            for (JobParameter p : params) {
                String head = "  " + p.flag() + " " + p.label();
                List<String> lines = wrap(p.help() + " " + facts(p), WIDTH - NAME_WIDTH);
                for (int i = 0; i < lines.size(); i++) {
                    String left = i == 0 ? head : "";
                    if (left.length() >= NAME_WIDTH) {
                        out.append(left).append('\n');
                        left = "";
                    }
                    out.append(String.format("%-" + NAME_WIDTH + "s", left)).append(lines.get(i)).append('\n');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** "Default: 0.0002. Allowed: greater than 0 and at most 1. 0: no clipping." */
    static String facts(JobParameter p) {
        StringBuilder s = new StringBuilder("Default: ").append(p.defaultText()).append('.');
        if (p.range() != null) {
            s.append(" Range: ").append(p.range().interval());
            if (p.unit() != null) {
                s.append(' ').append(p.unit());
            }
            s.append('.');
        } else if (!p.choices().isEmpty()) {
            s.append(" One of: ").append(String.join(", ", p.choices())).append('.');
        }
        if (p.zeroMeans() != null) {
            s.append(" 0 = ").append(p.zeroMeans()).append('.');
        }
        return s.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
