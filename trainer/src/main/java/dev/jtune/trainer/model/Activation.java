package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;

/** The gate activation of the gated MLP: act(gate)·up. */
public enum Activation {
    /** SwiGLU (Llama, Qwen, Mistral, Phi-3, SmolLM3). */
    SILU,
    /** GeGLU with the tanh approximation, transformers' {@code gelu_pytorch_tanh} (Gemma). */
    GELU_TANH;

    public static Activation parse(String hfName, String source) throws ModelFormatException {
        return switch (hfName) {
            case "silu", "swish" -> SILU;
            case "gelu_pytorch_tanh", "gelu_tanh" -> GELU_TANH;
            default -> throw new ModelFormatException(source + ": hidden activation '" + hfName
                    + "' is not supported (silu and gelu_pytorch_tanh are).");
        };
    }

    public NDArray gated(NDArray gate, NDArray up) {
        return this == SILU ? Ops.swiglu(gate, up) : Ops.geglu(gate, up);
    }
}
