package dev.jtune.magics.cli;

/** {@code %dataset load --format}: the file layouts the trainer reads; auto detects from the first records. */
public enum DatasetFormat { AUTO, MESSAGES, CSV, PROMPT_RESPONSE, ALPACA, SHAREGPT, TEXT, PREFERENCE }
