package dev.jtune.magics.cli;

/** {@code %eval --metric}: exact match after trimming, or the expected answer contained in the output. */
public enum EvalMetric { EXACT, CONTAINS }
