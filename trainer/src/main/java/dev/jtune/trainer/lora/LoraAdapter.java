package dev.jtune.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.LinearDelta;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.WeightLayout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A LoRA adapter over a model's projections: one {@link LoraLinear} per targeted module, all arrays owned by the
 * adapter's manager. Tensor names follow PEFT ({@code base_model.model.<module>.lora_A.weight}).
 */
public final class LoraAdapter implements LinearDelta, AutoCloseable {

    public static final String PEFT_PREFIX = "base_model.model.";

    private final LoraConfig config;
    private final NDManager manager;
    private final Map<String, LoraLinear> modules;

    LoraAdapter(LoraConfig config, NDManager manager, Map<String, LoraLinear> modules) {
        this.config = config;
        this.manager = manager;
        this.modules = modules;
    }

    /**
     * PEFT's initialisation: A Kaiming-uniform with a=√5 (uniform in ±1/√in), B zero, so training starts at the
     * base model. Deterministic for a seed.
     */
    public static LoraAdapter create(LoraConfig config, ModelConfig model, NDManager parent, DataType dtype,
                                     long seed) {
        NDManager manager = parent.newSubManager();
        Random random = new Random(seed);
        Map<String, LoraLinear> modules = new LinkedHashMap<>();
        for (int layer = 0; layer < model.numLayers(); layer++) {
            for (String p : model.architecture().projections()) {
                if (!config.targets().contains(p)) {
                    continue;
                }
                long[] shape = WeightLayout.projectionShape(model, p);
                int out = (int) shape[0];
                int in = (int) shape[1];
                float bound = (float) (1.0 / Math.sqrt(in));
                float[] a = new float[config.rank() * in];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (random.nextFloat() * 2 - 1) * bound;
                }
                NDArray aArray = array(manager, a, new Shape(config.rank(), in), dtype);
                NDArray bArray = manager.zeros(new Shape(out, config.rank()), dtype);
                modules.put(WeightLayout.module(layer, p),
                        new LoraLinear(aArray, bArray, config.scale(), config.dropout()));
            }
        }
        return new LoraAdapter(config, manager, modules);
    }

    static NDArray array(NDManager manager, float[] values, Shape shape, DataType dtype) {
        NDArray a = manager.create(values, shape);
        if (dtype == DataType.FLOAT32) {
            return a;
        }
        NDArray cast = a.toType(dtype, false);
        a.close();
        return cast;
    }

    @Override
    public NDArray delta(String module, NDArray input, boolean training) {
        LoraLinear lora = modules.get(module);
        return lora == null ? null : lora.delta(input, training);
    }

    public LoraConfig config() {
        return config;
    }

    public Map<String, LoraLinear> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /** Every trainable tensor by PEFT name, A before B per module. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        modules.forEach((module, lora) -> {
            out.put(PEFT_PREFIX + module + ".lora_A.weight", lora.a());
            out.put(PEFT_PREFIX + module + ".lora_B.weight", lora.b());
        });
        return out;
    }

    /**
     * Makes the modules compute with {@code replacements} (by PEFT name, e.g. views of a flat buffer) instead of
     * their own A and B, which are closed; names not given keep their arrays.
     */
    public void replaceParameters(Map<String, NDArray> replacements) {
        modules.replaceAll((module, lora) -> {
            NDArray a = replacements.get(PEFT_PREFIX + module + ".lora_A.weight");
            NDArray b = replacements.get(PEFT_PREFIX + module + ".lora_B.weight");
            if (a == null && b == null) {
                return lora;
            }
            LoraLinear replaced = new LoraLinear(a != null ? a : lora.a(), b != null ? b : lora.b(),
                    lora.scale(), lora.dropout());
            if (a != null) {
                lora.a().close();
            }
            if (b != null) {
                lora.b().close();
            }
            return replaced;
        });
    }

    /**
     * A copy of the adapter's current A and B in a new child of {@code parent}, never trained: the reference of a
     * preference job that continues a trained adapter (TRL keeps such a copy as its "ref" adapter).
     */
    public LoraAdapter frozenCopy(NDManager parent) {
        NDManager copyManager = parent.newSubManager();
        Map<String, LoraLinear> copies = new LinkedHashMap<>();
        try (GradMode noGrad = GradMode.disabled()) {
            modules.forEach((module, lora) -> {
                NDArray a = lora.a().duplicate();
                NDArray b = lora.b().duplicate();
                a.attach(copyManager);
                b.attach(copyManager);
                copies.put(module, new LoraLinear(a, b, lora.scale(), lora.dropout()));
            });
        }
        return new LoraAdapter(config, copyManager, copies);
    }

    /** Whether every B is zero, so the adapter adds nothing (a fresh PEFT adapter). */
    public boolean isIdentity() {
        try (GradMode noGrad = GradMode.disabled()) {
            for (LoraLinear lora : modules.values()) {
                try (NDArray nonZero = lora.b().abs().max()) {
                    if (nonZero.toType(DataType.FLOAT32, false).getFloat() != 0f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public static boolean isB(String peftName) {
        return peftName.endsWith(".lora_B.weight");
    }

    public void setTrainable(boolean trainable) {
        for (NDArray p : parameters().values()) {
            p.setRequiresGradient(trainable);
        }
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray p : parameters().values()) {
            n += p.getShape().size();
        }
        return n;
    }

    /** W + scale·B·A of one module, in FP32 on {@code manager}. */
    public NDArray merge(String module, NDArray baseWeight, NDManager manager) {
        LoraLinear lora = modules.get(module);
        NDArray w = baseWeight.toType(DataType.FLOAT32, true);
        w.attach(manager);
        if (lora == null) {
            return w;
        }
        NDArray a = lora.a().toType(DataType.FLOAT32, true);
        NDArray b = lora.b().toType(DataType.FLOAT32, true);
        a.attach(manager);
        b.attach(manager);
        NDArray update = b.matMul(a).muli(lora.scale());
        return w.add(update);
    }

    @Override
    public void close() {
        manager.close();
    }
}
