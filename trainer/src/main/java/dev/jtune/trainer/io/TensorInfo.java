package dev.jtune.trainer.io;

import java.util.Arrays;

/** Where one tensor lives in a safetensors file: byte offsets are relative to the end of the header. */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
