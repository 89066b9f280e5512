package dev.jtune.kernel.magic;

/** A piece of a cell: Java source, or one magic call. */
public sealed interface CellSegment {
    /** Java lines, starting at 1-based cell line {@code firstLine}. */
    record Java(String code, int firstLine) implements CellSegment {
    }

    /** A {@code %name} or {@code %%name} call; {@code argumentError} is set when its arguments do not split. */
    record MagicCall(MagicInvocation invocation, MagicException argumentError) implements CellSegment {
    }
}
