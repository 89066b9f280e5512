package dev.jtune.trainer.job;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of jobs and published models become folder names inside the workspace, so they must not escape it:
 * letters, digits, {@code .}, {@code _}, {@code -}, starting with a letter or digit, no {@code ..}. A colon is
 * excluded because {@code JOB:STEP} is a model reference.
 */
public final class Names {

    /** Models that every workspace has without publishing them (see the model resolver). */
    public static final Set<String> BUILT_IN_MODELS = Set.of("tiny");

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }

    /** @param what "job" or "model", for the message */
    public static String check(String what, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not allowed: use 1 to 64 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit (no '/', ':' or '..')");
        }
        return name;
    }
}
