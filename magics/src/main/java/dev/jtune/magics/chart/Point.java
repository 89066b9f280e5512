package dev.jtune.magics.chart;

/** One logged value at an optimizer step. */
public record Point(long step, double value) {
}
