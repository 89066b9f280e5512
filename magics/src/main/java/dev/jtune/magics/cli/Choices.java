package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.OptionRule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import picocli.CommandLine.ITypeConverter;

/** The words users type for enum flags: {@code COSINE_RESTARTS} is written {@code cosine-restarts}. */
public final class Choices {
    private Choices() {
    }

    public static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::word).collect(Collectors.joining(", "));
    }

    /** Converts a typed word to its constant; registered for every enum flag by {@link CommandParser}. */
    static <E extends Enum<E>> ITypeConverter<E> converter(Class<E> type) {
        return text -> {
            for (E constant : type.getEnumConstants()) {
                if (word(constant).equalsIgnoreCase(text.trim()) || constant.name().equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            throw new OptionRule("must be one of " + allowed(type));
        };
    }
}
