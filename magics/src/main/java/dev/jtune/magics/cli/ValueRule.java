package dev.jtune.magics.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * A value that has the right type but breaks the flag's rule (a range, an allowed word). The message is the
 * rule itself, e.g. "must be between 0 and 1"; {@link ParameterErrors} puts the flag and the value around it.
 */
final class ValueRule extends TypeConversionException {
    ValueRule(String rule) {
        super(rule);
    }
}
