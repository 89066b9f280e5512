package dev.jtune.magics.cli;

/** {@code --method}: train low-rank adapters, or update every weight. */
public enum TrainingMethod { LORA, FULL }
