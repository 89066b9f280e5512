package dev.jtune.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.io.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW}: decoupled decay p ← p·(1 − lr·wd), then
 * p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε). State (m, v in FP32) lives in the optimizer's own manager,
 * created on first use, outside any step's scope.
 */
public final class AdamW implements AutoCloseable {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray[]> state = new HashMap<>();
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
     * One update of every master weight from its FP32 gradient (already unscaled and clipped).
     *
     * @param grads gradient of each trainable, same order
     */
    public void update(List<Trainable> params, List<NDArray> grads, double lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < params.size(); i++) {
                Trainable p = params.get(i);
                NDArray g = grads.get(i);
                double plr = lr * p.lrScale();
                NDArray[] mv = state.computeIfAbsent(p.name(), n -> newState(p.master().getShape()));
                NDArray m = mv[0];
                NDArray v = mv[1];
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray w = p.master();
                if (weightDecay != 0) {
                    w.muli((float) (1 - plr * weightDecay));
                }
                NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) epsilon);
                w.subi(m.div(denom).muli((float) (plr / bc1)));
            }
        }
    }

    private NDArray[] newState(Shape shape) {
        NDArray m = manager.zeros(shape);
        NDArray v = manager.zeros(shape);
        NDScope.unregister(m, v);
        return new NDArray[] {m, v};
    }

    /** Writes m, v and the step count as safetensors ({@code <name>.exp_avg}, {@code <name>.exp_avg_sq}). */
    public void save(Path file, Map<String, String> extraMetadata) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("step", Long.toString(step));
        extraMetadata.forEach(writer::metadata);
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            long[] shape = e.getValue()[0].getShape().getShape();
            writer.add(e.getKey() + ".exp_avg", e.getValue()[0].toFloatArray(), shape);
            writer.add(e.getKey() + ".exp_avg_sq", e.getValue()[1].toFloatArray(), shape);
        }
        writer.write(file);
    }

    /** Restores state written by {@link #save}; returns the file's metadata. */
    public Map<String, String> load(Path file, List<Trainable> params) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (NDArray[] mv : state.values()) {
                mv[0].close();
                mv[1].close();
            }
            state.clear();
            for (Trainable p : params) {
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
                NDArray m = manager.create(reader.readFloats(mName), new Shape(expected));
                NDArray v = manager.create(reader.readFloats(p.name() + ".exp_avg_sq"), new Shape(expected));
                m = m.toDevice(p.master().getDevice(), false);
                v = v.toDevice(p.master().getDevice(), false);
                state.put(p.name(), new NDArray[] {m, v});
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
