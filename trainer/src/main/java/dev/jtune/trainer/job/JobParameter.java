package dev.jtune.trainer.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One job parameter as every surface shows it: its kebab-case name ({@code --lr}, {@code lr:}, {@code --set lr=}),
 * value type, default, allowed values, unit, help group, help text and what 0 means when 0 turns something off.
 * Declared once in {@link JobParameters}; parsing and range checks live here so each surface refuses the same
 * values with the same words.
 *
 * @param label     placeholder in usage lines ({@code LR}, {@code N})
 * @param choices   allowed words of a {@link Kind#CHOICE}; empty otherwise
 * @param aliases   other words accepted for a choice ({@code cosine_with_restarts} → {@code cosine-restarts})
 * @param refused   choices that exist elsewhere but not here, with the reason ({@code bf16})
 * @param zeroMeans what 0 does ("keep every checkpoint"), or null when 0 is just a number
 */
public record JobParameter(String name, Kind kind, ParameterGroup group, Object defaultValue, ValueRange range,
                           List<String> choices, Map<String, String> aliases, Map<String, String> refused,
                           String unit, String label, String help, String zeroMeans, String defaultNote) {

    /** How the value is typed and stored. */
    public enum Kind {
        TEXT, WHOLE, LONG, NUMBER, SWITCH, CHOICE, NAMES;

        String article() {
            return switch (this) {
                case WHOLE, LONG -> "a whole number";
                case NUMBER -> "a number";
                case SWITCH -> "true or false";
                default -> "text";
            };
        }
    }

    public JobParameter {
        choices = List.copyOf(choices);
        aliases = Map.copyOf(aliases);
        refused = Map.copyOf(refused);
    }

    static JobParameter of(String name, Kind kind, ParameterGroup group, Object defaultValue, String label) {
        return new JobParameter(name, kind, group, defaultValue, null, List.of(), Map.of(), Map.of(), null, label,
                "", null, null);
    }

    JobParameter range(ValueRange r) {
        return new JobParameter(name, kind, group, defaultValue, r, choices, aliases, refused, unit, label, help,
                zeroMeans, defaultNote);
    }

    JobParameter choices(List<String> words, Map<String, String> otherWords) {
        return new JobParameter(name, kind, group, defaultValue, range, words, otherWords, refused, unit, label, help,
                zeroMeans, defaultNote);
    }

    JobParameter refusing(Map<String, String> reasons) {
        return new JobParameter(name, kind, group, defaultValue, range, choices, aliases, reasons, unit, label, help,
                zeroMeans, defaultNote);
    }

    JobParameter unit(String u) {
        return new JobParameter(name, kind, group, defaultValue, range, choices, aliases, refused, u, label, help,
                zeroMeans, defaultNote);
    }

    JobParameter help(String text) {
        return new JobParameter(name, kind, group, defaultValue, range, choices, aliases, refused, unit, label, text,
                zeroMeans, defaultNote);
    }

    JobParameter zeroMeans(String text) {
        return new JobParameter(name, kind, group, defaultValue, range, choices, aliases, refused, unit, label, help,
                text, defaultNote);
    }

    /** Said instead of the default value where it depends on other parameters ("2e-5 with --method full"). */
    JobParameter defaultNote(String text) {
        return new JobParameter(name, kind, group, defaultValue, range, choices, aliases, refused, unit, label, help,
                zeroMeans, text);
    }

    public String flag() {
        return "--" + name;
    }

    public boolean isSwitch() {
        return kind == Kind.SWITCH;
    }

    /**
     * The typed value of {@code text} as written on a command line or in YAML: Integer, Long, Double, Boolean,
     * String or List of String. Blank text means "not set" for text parameters, "true" for a switch.
     *
     * @throws InvalidParameterException naming this parameter, the value and what is allowed
     */
    public Object parse(String text) {
        String t = text == null ? "" : text.strip();
        return switch (kind) {
            case TEXT -> t.isEmpty() ? null : t;
            case WHOLE -> checked(parseWhole(t, Integer.MIN_VALUE, Integer.MAX_VALUE), t);
            case LONG -> checked(parseWhole(t, Long.MIN_VALUE, Long.MAX_VALUE), t);
            case NUMBER -> checked(parseNumber(t), t);
            case SWITCH -> parseSwitch(t);
            case CHOICE -> parseChoice(t);
            case NAMES -> parseNames(t);
        };
    }

    /** Checks a value that is already typed (a config built in code, a config.json); returns it. */
    public Object check(Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case WHOLE, LONG, NUMBER -> checked(value, text(value));
            case CHOICE -> parseChoice(value.toString());
            case NAMES -> {
                @SuppressWarnings("unchecked") List<String> names = (List<String>) value;
                yield parseNames(String.join(",", names));
            }
            default -> value;
        };
    }

    private Object checked(Object value, String text) {
        double v = ((Number) value).doubleValue();
        if (range != null && !range.contains(v)) {
            throw invalid(text, "is out of range: use " + allowed());
        }
        return switch (kind) {
            case WHOLE -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            default -> ((Number) value).doubleValue();
        };
    }

    private long parseWhole(String t, long min, long max) {
        try {
            long v = Long.parseLong(t.replace("_", ""));
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(t, "is not a whole number: use " + allowed());
        }
    }

    private double parseNumber(String t) {
        try {
            double v = Double.parseDouble(t);
            if (Double.isNaN(v) || Double.isInfinite(v) || t.endsWith("d") || t.endsWith("f") || t.endsWith("D")
                    || t.endsWith("F")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(t, "is not a number: use " + allowed() + ", for example " + example());
        }
    }

    private boolean parseSwitch(String t) {
        String s = t.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("true") || s.equals("yes") || s.equals("on")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return false;
        }
        throw invalid(t, "is not true or false: use true or false");
    }

    private String parseChoice(String t) {
        String s = t.strip().toLowerCase(Locale.ROOT);
        UnaryOperator<String> loose = w -> w.replace('_', '-');
        for (String c : choices) {
            if (loose.apply(c).equals(loose.apply(s))) {
                return c;
            }
        }
        String alias = aliases.get(s);
        if (alias != null) {
            return alias;
        }
        String reason = refused.get(s);
        if (reason != null) {
            throw invalid(t, "is not supported: " + reason);
        }
        throw invalid(t, "is not a choice: use one of " + String.join(", ", choices));
    }

    private List<String> parseNames(String t) {
        List<String> names = new ArrayList<>();
        for (String part : t.split(",")) {
            String n = part.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!n.matches("[A-Za-z0-9_.\\-]+")) {
                throw invalid(t, "is not a list of module names: use all-linear or names separated by commas, such "
                        + "as q_proj,v_proj");
            }
            names.add(n);
        }
        if (names.isEmpty()) {
            throw invalid(t, "is empty: use all-linear or names separated by commas, such as q_proj,v_proj");
        }
        return List.copyOf(names);
    }

    /** What may be given, in words: "a number greater than 0 and at most 1", "one of lora, full". */
    public String allowed() {
        return switch (kind) {
            case CHOICE -> "one of " + String.join(", ", choices);
            case NAMES -> "all-linear or module names such as q_proj,v_proj";
            case WHOLE, LONG, NUMBER -> kind.article() + (range == null ? "" : " " + range.phrase());
            default -> kind.article();
        };
    }

    private String example() {
        return defaultValue instanceof Number n ? text(n) : "0.1";
    }

    InvalidParameterException invalid(String value, String problem) {
        return new InvalidParameterException(this, value, problem);
    }

    /** The default as a user would type it ("2e-4" prints as 0.0002), or "none". */
    public String defaultText() {
        if (defaultNote != null) {
            return defaultNote;
        }
        return defaultValue == null ? "none" : text(defaultValue);
    }

    /** A value as text that {@link #parse} reads back: lists comma-joined, numbers without a needless ".0". */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Double d) {
            return ValueRange.format(d);
        }
        return String.valueOf(value);
    }
}
