package dev.jtune.trainer.job;

/**
 * A job parameter given a value it does not allow. The message reads {@code --lr 5 is out of range: use a number
 * greater than 0 and at most 1}; a surface where the user wrote it differently ({@code --set lr=5}, a YAML line)
 * rephrases the subject with {@link #phrase(String)} and keeps the rest.
 */
public final class InvalidParameterException extends IllegalArgumentException {

    private final transient JobParameter parameter;
    private final String value;
    private final String problem;

    InvalidParameterException(JobParameter parameter, String value, String problem) {
        super(parameter.flag() + " " + value + " " + problem);
        this.parameter = parameter;
        this.value = value;
        this.problem = problem;
    }

    public JobParameter parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }

    /** "is out of range: use ...", without the flag and value. */
    public String problem() {
        return problem;
    }

    /** The same sentence about {@code subject}, e.g. {@code phrase("--set lr=5")}. */
    public String phrase(String subject) {
        return subject + " " + problem;
    }
}
