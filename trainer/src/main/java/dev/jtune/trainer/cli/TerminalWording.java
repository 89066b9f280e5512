package dev.jtune.trainer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trainer's sentences name the notebook's magics ({@code %jobs delete JOB}); in a terminal the user types
 * {@code jtune-train} commands instead, so a message names what exists there.
 */
final class TerminalWording {

    private static final Map<Pattern, String> REWRITES = new LinkedHashMap<>();

    static {
        REWRITES.put(Pattern.compile("%jobs delete (\\S+?)([,.;)]|$)"), "jtune-train jobs delete $1$2");
        REWRITES.put(Pattern.compile("\\(%jobs stop (\\S+?)\\)"), "(Ctrl-C in the terminal that runs it)");
        REWRITES.put(Pattern.compile("stop it first with %jobs stop (\\S+?),"), "stop it first (Ctrl-C where it runs),");
        REWRITES.put(Pattern.compile(", or %jobs copy (\\S+) NEW to run it again"),
                ", or run its parameters again with jtune-train finetune --config WORKSPACE/jobs/$1/config.json --name NEW");
        REWRITES.put(Pattern.compile("Load it with %dataset load PATH --name \\S+, or give the file's path\\."),
                "Give the file's path.");
        REWRITES.put(Pattern.compile("a dataset loaded with %dataset load, or a file"),
                "a file, or a dataset saved in the workspace");
        REWRITES.put(Pattern.compile("%finetune "), "jtune-train finetune ");
    }

    private TerminalWording() {
    }

    static String of(String sentence) {
        if (sentence == null) {
            return null;
        }
        String out = sentence;
        for (Map.Entry<Pattern, String> r : REWRITES.entrySet()) {
            Matcher m = r.getKey().matcher(out);
            out = m.replaceAll(r.getValue());
        }
        return out;
    }
}
