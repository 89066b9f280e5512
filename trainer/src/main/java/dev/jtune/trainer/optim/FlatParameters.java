package dev.jtune.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every trainable tensor as a view into one flat buffer per dtype (PyTorch's flat-parameter / foreach idea): the
 * FP32 masters are one [N] array, and so are the leaves the graph uses (the same array when computing in FP32).
 * The model computes with the views; clipping, AdamW and the master → leaf copy then run on whole buffers, a
 * handful of native calls per step instead of ~20 per tensor. Gradients still collect per leaf (autograd gives
 * each view its own .grad); {@link #gradient()} gathers them with one concatenation.
 */
public final class FlatParameters implements AutoCloseable {

    private final NDManager manager;
    private final NDArray masters;
    private final NDArray leaves;
    private final NDArray lrScales;
    private final List<Trainable> trainables;
    private final Map<String, long[]> ranges;

    private FlatParameters(NDManager manager, NDArray masters, NDArray leaves, NDArray lrScales,
                           List<Trainable> trainables, Map<String, long[]> ranges) {
        this.manager = manager;
        this.masters = masters;
        this.leaves = leaves;
        this.lrScales = lrScales;
        this.trainables = trainables;
        this.ranges = ranges;
    }

    /**
     * Copies {@code tensors} (in order) into new flat buffers on a child of {@code parent} and returns views of
     * them; the caller installs {@link #leafViews()} in the model in place of the originals and closes those.
     *
     * @param computeType the leaves' dtype (FP32, or FP16 with separate FP32 masters)
     * @param lrScale     learning-rate multiplier of a tensor, by name (LoRA+)
     */
    public static FlatParameters pack(NDManager parent, Map<String, NDArray> tensors, DataType computeType,
                                      ToDoubleFunction<String> lrScale) {
        NDManager manager = parent.newSubManager();
        boolean wasGrad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            NDList flat = new NDList(tensors.size());
            Map<String, long[]> ranges = new LinkedHashMap<>();
            long offset = 0;
            boolean anyScale = false;
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                long n = e.getValue().getShape().size();
                ranges.put(e.getKey(), new long[] {offset, offset + n});
                offset += n;
                flat.add(e.getValue().reshape(-1));
                anyScale |= lrScale.applyAsDouble(e.getKey()) != 1.0;
            }
            NDArray leaves = NDArrays.concat(flat);
            leaves.attach(manager);
            NDArray masters = computeType == DataType.FLOAT32 ? leaves : leaves.toType(DataType.FLOAT32, true);
            masters.attach(manager);
            NDArray lrScales = null;
            if (anyScale) {
                float[] scales = new float[Math.toIntExact(offset)];
                ranges.forEach((name, r) -> java.util.Arrays.fill(scales, (int) r[0], (int) r[1],
                        (float) lrScale.applyAsDouble(name)));
                lrScales = manager.create(scales).toDevice(masters.getDevice(), false);
            }
            List<Trainable> trainables = new ArrayList<>();
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                long[] r = ranges.get(e.getKey());
                NDArray leaf = view(leaves, r, e.getValue());
                leaf.setRequiresGradient(true);
                NDArray master = masters == leaves ? leaf : view(masters, r, e.getValue());
                trainables.add(new Trainable(e.getKey(), leaf, master, lrScale.applyAsDouble(e.getKey())));
            }
            for (NDArray part : flat) {
                part.close();
            }
            return new FlatParameters(manager, masters, leaves, lrScales, List.copyOf(trainables),
                    Collections.unmodifiableMap(ranges));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        } finally {
            JniUtils.setGradMode(wasGrad);
        }
    }

    private static NDArray view(NDArray flat, long[] range, NDArray like) {
        NDArray v = flat.get(new NDIndex("{}:{}", range[0], range[1])).reshape(like.getShape());
        v.attach(flat.getManager());
        return v;
    }

    public List<Trainable> trainables() {
        return trainables;
    }

    /** The leaves by name, to install in the model. */
    public Map<String, NDArray> leafViews() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        trainables.forEach(t -> out.put(t.name(), t.leaf()));
        return out;
    }

    /** The FP32 masters [N]. */
    public NDArray masters() {
        return masters;
    }

    /** Per-element learning-rate multipliers [N], or null when every tensor learns at the base rate. */
    public NDArray lrScales() {
        return lrScales;
    }

    /** [start, end) of a tensor in the flat buffers. */
    public long[] range(String name) {
        return ranges.get(name);
    }

    public long size() {
        return masters.getShape().size();
    }

    /** Every leaf's gradient in one FP32 [N] array (on the caller's scope); a leaf without one counts as zeros. */
    public NDArray gradient() {
        NDList parts = new NDList(trainables.size());
        for (Trainable t : trainables) {
            NDArray g = t.leaf().getGradient();
            parts.add(g == null ? t.leaf().zerosLike().reshape(-1) : g.reshape(-1));
        }
        NDArray flat = NDArrays.concat(parts);
        return flat.getDataType() == DataType.FLOAT32 ? flat : flat.toType(DataType.FLOAT32, false);
    }

    public void zeroGradients() {
        for (Trainable t : trainables) {
            JniUtils.zeroGrad((PtNDArray) t.leaf());
        }
    }

    /** After an update of the masters: the FP16 leaves take their rounded values (nothing to do in FP32). */
    public void copyMastersToLeaves() {
        if (leaves != masters) {
            try (NDArray cast = masters.toType(leaves.getDataType(), true)) {
                leaves.muli(0).addi(cast);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
