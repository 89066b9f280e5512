package dev.jtune.magics.cli;

/** {@code --scheduler}: the learning-rate schedules transformers offers, by their user-facing names. */
public enum SchedulerName { LINEAR, COSINE, COSINE_RESTARTS, POLYNOMIAL, CONSTANT, CONSTANT_WARMUP }
