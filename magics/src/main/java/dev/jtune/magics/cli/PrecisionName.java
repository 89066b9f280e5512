package dev.jtune.magics.cli;

/** {@code --precision}: auto picks FP16 mixed precision on a GPU and FP32 on the CPU. */
public enum PrecisionName { AUTO, FP32, FP16, BF16 }
