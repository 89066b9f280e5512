package dev.jtune.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.io.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW}: decoupled decay p ← p·(1 − lr·wd), then
 * p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε), with lr multiplied per element by the tensor's LoRA+ scale.
 * It runs on the flat FP32 masters of a {@link FlatParameters} at once (about a dozen native calls a step);
 * m and v are flat too, created on first use in the optimizer's own manager, outside any step's scope.
 */
public final class AdamW implements AutoCloseable {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager manager;
    private NDArray m;
    private NDArray v;
    private long step;

    public AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
        this.manager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public long stepCount() {
        return step;
    }

    /**
     * One update of the flat masters from their flat FP32 gradient (already unscaled and clipped), which it
     * consumes (overwrites).
     */
    public void update(FlatParameters params, NDArray grad, double lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        ensureState(params);
        try (NDScope scope = new NDScope()) {
            NDArray w = params.masters();
            NDArray scales = params.lrScales();
            // Few [N] temporaries (the gradient is consumed in place): g², then the step itself.
            v.muli((float) beta2).addi(grad.square().muli((float) (1 - beta2)));
            m.muli((float) beta1).addi(grad.muli((float) (1 - beta1)));
            if (weightDecay != 0) {
                if (scales == null) {
                    w.muli((float) (1 - lr * weightDecay));
                } else {
                    w.subi(w.mul(scales).muli((float) (lr * weightDecay)));
                }
            }
            NDArray step = v.sqrt().divi((float) bc2Sqrt).addi((float) epsilon).pow(-1).muli(m)
                    .muli((float) (lr / bc1));
            w.subi(scales == null ? step : step.muli(scales));
        }
    }

    private void ensureState(FlatParameters params) {
        if (m == null) {
            m = manager.zeros(params.masters().getShape());
            v = manager.zeros(params.masters().getShape());
            NDScope.unregister(m, v);
        }
    }

    /** Writes m, v per tensor and the step count as safetensors ({@code <name>.exp_avg}, {@code <name>.exp_avg_sq}). */
    public void save(Path file, FlatParameters params, Map<String, String> extraMetadata) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("step", Long.toString(step));
        extraMetadata.forEach(writer::metadata);
        if (m != null) {
            try (NDScope scope = new NDScope()) {
                for (Trainable t : params.trainables()) {
                    long[] r = params.range(t.name());
                    long[] shape = t.master().getShape().getShape();
                    NDIndex slice = new NDIndex("{}:{}", r[0], r[1]);
                    writer.add(t.name() + ".exp_avg", m.get(slice).toFloatArray(), shape);
                    writer.add(t.name() + ".exp_avg_sq", v.get(slice).toFloatArray(), shape);
                }
            }
        }
        writer.write(file);
    }

    /** Restores state written by {@link #save}; returns the file's metadata. Tensors it lacks start at zero. */
    public Map<String, String> load(Path file, FlatParameters params) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file); NDScope scope = new NDScope()) {
            if (m != null) {
                m.close();
                v.close();
                m = null;
            }
            ensureState(params);
            for (Trainable p : params.trainables()) {
                String mName = p.name() + ".exp_avg";
                if (!reader.tensors().containsKey(mName)) {
                    continue;
                }
                TensorInfo info = reader.info(mName);
                long[] expected = p.master().getShape().getShape();
                if (!Arrays.equals(info.shape(), expected)) {
                    throw new IOException("optimizer state '" + mName + "' in " + file + " has shape "
                            + info.shapeString() + " but the parameter has " + Arrays.toString(expected)
                            + ": the checkpoint belongs to a different model or LoRA rank.");
                }
                long[] r = params.range(p.name());
                NDIndex slice = new NDIndex("{}:{}", r[0], r[1]);
                m.set(slice, manager.create(reader.readFloats(mName)).toDevice(m.getDevice(), false));
                v.set(slice, manager.create(reader.readFloats(p.name() + ".exp_avg_sq")).toDevice(v.getDevice(),
                        false));
            }
            step = Long.parseLong(reader.metadata().getOrDefault("step", "0"));
            return reader.metadata();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
