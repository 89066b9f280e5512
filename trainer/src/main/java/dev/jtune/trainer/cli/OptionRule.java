package dev.jtune.trainer.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * A value of the right type that breaks its option's rule (a range, an allowed word). The message is the rule
 * itself ("must be a whole number of at least 1"); each front end puts the flag and the value around it.
 */
public class OptionRule extends TypeConversionException {
    public OptionRule(String rule) {
        super(rule);
    }
}
