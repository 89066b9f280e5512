package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jtune.trainer.io.CheckpointTensors;
import dev.jtune.trainer.io.DType;
import dev.jtune.trainer.io.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base weights of a model as NDArrays in the compute dtype, keyed by HuggingFace name, all owned by one
 * long-lived manager. Checkpoint tensors are widened to float on the host (BF16 never reaches DJL) and checked
 * against the shapes the config implies.
 */
public final class ModelWeights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> tensors;
    private final Map<String, DType> storedAs;
    /** By module path of the group's first part (e.g. model.layers.0.self_attn.q_proj). */
    private final Map<String, FusedProjection> fused = new java.util.HashMap<>();

    private ModelWeights(ModelConfig config, NDManager manager, Map<String, NDArray> tensors,
                         Map<String, DType> storedAs) {
        this.config = config;
        this.manager = manager;
        this.tensors = tensors;
        this.storedAs = storedAs;
        fuseProjections();
    }

    /**
     * Concatenates each layer's q/k/v and gate/up weights (and biases, when every part has one) into one tensor
     * and makes the HF-named tensors row views of it: no extra memory, one matmul per group.
     */
    private void fuseProjections() {
        for (int layer = 0; layer < config.numLayers(); layer++) {
            for (List<String> parts : FusedProjection.GROUPS) {
                int l = layer;
                List<String> modules = parts.stream().map(p -> WeightLayout.module(l, p)).toList();
                if (!modules.stream().allMatch(m -> tensors.containsKey(m + ".weight"))) {
                    continue; // the checkpoint stores the group fused already (Phi-3)
                }
                long withBias = modules.stream().filter(m -> tensors.containsKey(m + ".bias")).count();
                if (withBias != 0 && withBias != modules.size()) {
                    continue;
                }
                long[] widths = modules.stream().mapToLong(m -> tensors.get(m + ".weight").getShape().get(0))
                        .toArray();
                NDArray weight = concatAsViews(modules, ".weight", widths);
                NDArray bias = withBias == 0 ? null : concatAsViews(modules, ".bias", widths);
                fused.put(modules.get(0), new FusedProjection(weight, bias, modules, widths));
            }
        }
    }

    /** One tensor of the modules' {@code suffix} tensors stacked on axis 0; each name then maps to its rows. */
    private NDArray concatAsViews(List<String> modules, String suffix, long[] widths) {
        NDList parts = new NDList(modules.size());
        modules.forEach(m -> parts.add(tensors.get(m + suffix)));
        NDArray all = NDArrays.concat(parts, 0);
        all.attach(manager);
        long offset = 0;
        for (int i = 0; i < modules.size(); i++) {
            NDArray rows = all.get(new NDIndex("{}:{}", offset, offset + widths[i]));
            offset += widths[i];
            tensors.put(modules.get(i) + suffix, rows).close();
        }
        return all;
    }

    /** Closes a dropped group's own handles (its storage lives on while the parts' views use it); true. */
    private static boolean release(FusedProjection f) {
        f.weight().close();
        if (f.bias() != null) {
            f.bias().close();
        }
        return true;
    }

    /** The fused group whose first projection is {@code firstModule}, or null (not fused, or parts replaced). */
    public FusedProjection fused(String firstModule) {
        return fused.get(firstModule);
    }

    /** Loads {@code folder}'s safetensors into a new child of {@code parent}, in {@code dtype}. */
    public static ModelWeights load(Path folder, ModelConfig config, NDManager parent, DataType dtype)
            throws IOException {
        Map<String, long[]> expected = WeightLayout.expected(config);
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, DType> storedAs = new LinkedHashMap<>();
        try (CheckpointTensors files = CheckpointTensors.open(folder)) {
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                String name = e.getKey();
                if (!files.has(name)) {
                    throw new ModelFormatException("the checkpoint in " + folder + " has no tensor '" + name
                            + "', which a " + config.modelType() + " config with " + config.numLayers()
                            + " layers needs: the weights do not belong to this config.json, or are incomplete.");
                }
                TensorInfo info = files.info(name);
                if (!Arrays.equals(info.shape(), e.getValue())) {
                    throw new ModelFormatException("tensor '" + name + "' in " + files.file(name) + " has shape "
                            + info.shapeString() + " but config.json implies " + Arrays.toString(e.getValue())
                            + ": the weights and config.json do not belong together.");
                }
                storedAs.put(name, info.dtype());
                tensors.put(name, read(files, name, info, manager, dtype));
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new ModelWeights(config, manager, tensors, storedAs);
    }

    /**
     * One checkpoint tensor in {@code dtype}, made once: F32 and F16 go from the memory-mapped file straight into
     * a tensor the engine owns (one native copy or cast, no Java array, no second host copy); BF16 and F64, which
     * DJL cannot take, are widened on the host first.
     */
    private static NDArray read(CheckpointTensors files, String name, TensorInfo info, NDManager manager,
                                DataType dtype) throws IOException {
        DataType stored = switch (info.dtype()) {
            case F32 -> DataType.FLOAT32;
            case F16 -> DataType.FLOAT16;
            default -> null;
        };
        if (stored == null) {
            return toArray(manager, files.readFloats(name), info.shape(), dtype);
        }
        // On the CPU this array aliases the read-only mapping (from_blob): copy before anything writes to it.
        try (NDArray mapped = manager.create(files.raw(name), new Shape(info.shape()), stored)) {
            return stored == dtype ? mapped.duplicate() : mapped.toType(dtype, true);
        }
    }

    /**
     * Random weights (normal, std {@code initializer_range} = 0.02, norms at 1, biases at 0) for benchmarks,
     * drawn by torch's generator on the device, so no host copy is made; deterministic for a seed on a device.
     */
    public static ModelWeights random(ModelConfig config, NDManager parent, DataType dtype, long seed) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, DType> storedAs = new LinkedHashMap<>();
        ai.djl.pytorch.jni.JniUtils.setSeed(seed);
        for (Map.Entry<String, long[]> e : WeightLayout.expected(config).entrySet()) {
            Shape shape = new Shape(e.getValue());
            NDArray w;
            if (e.getKey().endsWith("norm.weight")) {
                w = manager.ones(shape, dtype);
            } else if (e.getKey().endsWith(".bias")) {
                w = manager.zeros(shape, dtype);
            } else {
                w = manager.randomNormal(0f, 0.02f, shape, dtype);
            }
            tensors.put(e.getKey(), w);
            storedAs.put(e.getKey(), DType.F32);
        }
        return new ModelWeights(config, manager, tensors, storedAs);
    }

    static NDArray toArray(NDManager manager, float[] values, long[] shape, DataType dtype) {
        NDArray array = manager.create(values, new Shape(shape));
        if (dtype == DataType.FLOAT32) {
            return array;
        }
        NDArray cast = array.toType(dtype, false);
        array.close();
        return cast;
    }

    public ModelConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no weight named " + name);
        }
        return a;
    }

    /** The optional tensor (a bias), or null. */
    public NDArray find(String name) {
        return tensors.get(name);
    }

    public NDArray lmHead() {
        return config.tieWordEmbeddings() ? get("model.embed_tokens.weight") : get("lm_head.weight");
    }

    /** Every weight by HF name; q/k/v and gate/up are views of their layer's fused tensors. */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(tensors);
    }

    /**
     * Uses {@code replacements} (by HF name, same shapes, e.g. views of a flat buffer) instead of the arrays the
     * weights were loaded into, which are closed.
     */
    public void replace(Map<String, NDArray> replacements) {
        // A group whose parts are no longer its rows computes per projection again.
        fused.values().removeIf(f -> replacements.keySet().stream().anyMatch(f::covers) && release(f));
        replacements.forEach((name, array) -> {
            NDArray old = tensors.put(name, array);
            if (old == null) {
                throw new IllegalArgumentException("no weight named " + name);
            }
            if (old != array) {
                old.close();
            }
        });
    }

    /**
     * Makes every weight a leaf that requires grad (a full update), or not. Fused groups are dropped first, so
     * each HF-named tensor is used, and gets its gradient, on its own (setting requires-grad on the tensors of
     * {@link #all()} directly would leave the fused copies in use and the gradients empty).
     */
    public void setTrainable(boolean trainable) {
        fused.values().removeIf(ModelWeights::release);
        tensors.values().forEach(t -> t.setRequiresGradient(trainable));
    }

    /**
     * A copy of every weight as it is now, in a new child of {@code parent}, that never requires grad: the frozen
     * reference model of a full-update preference job.
     */
    public ModelWeights frozenCopy(NDManager parent) {
        NDManager copyManager = parent.newSubManager();
        Map<String, NDArray> copies = new LinkedHashMap<>();
        try (GradMode noGrad = GradMode.disabled()) {
            tensors.forEach((name, t) -> {
                NDArray c = t.duplicate();
                c.attach(copyManager);
                copies.put(name, c);
            });
        }
        return new ModelWeights(config, copyManager, copies, new LinkedHashMap<>(storedAs));
    }

    public DType storedAs(String name) {
        return storedAs.getOrDefault(name, DType.F32);
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray a : tensors.values()) {
            n += a.getShape().size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
