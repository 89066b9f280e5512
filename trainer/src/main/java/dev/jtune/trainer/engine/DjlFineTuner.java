package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.io.TensorInfo;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.lora.LoraConfig;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.DropoutSeeds;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.ModelFormatException;
import dev.jtune.trainer.model.ModelWeights;
import dev.jtune.trainer.model.ScoredTargets;
import dev.jtune.trainer.model.WeightLayout;
import dev.jtune.trainer.optim.AdamW;
import dev.jtune.trainer.optim.FlatParameters;
import dev.jtune.trainer.optim.GradientClipping;
import dev.jtune.trainer.optim.LossScaler;
import dev.jtune.trainer.optim.Trainable;
import dev.jtune.trainer.preference.PairTerms;
import dev.jtune.trainer.preference.PreferenceMetrics;
import dev.jtune.trainer.preference.PreferenceObjective;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FineTuner} on DJL's PyTorch engine: LoRA or full fine-tuning of a {@link CausalLm}, AdamW with global-norm
 * clipping, FP32 or FP16 mixed precision (FP32 master weights and optimizer state, dynamic loss scaling). Every
 * step runs in its own sub-manager and NDScope, so memory does not grow with the number of steps.
 */
public final class DjlFineTuner implements FineTuner {

    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String WEIGHTS_FILE = "model.safetensors";
    private static final List<String> FOLDER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "chat_template.jinja", "generation_config.json", "special_tokens_map.json");

    private final FineTuneSpec spec;
    private final Path baseDir;
    private final NDManager root;
    private final CausalLm model;
    private final LoraAdapter adapter;
    private final FlatParameters params;
    private final List<Trainable> trainables;
    private final AdamW optimizer;
    private final LossScaler scaler;
    private final RecomputePlanner recomputePlanner;
    /** Preference tuning's reference, fixed by {@link #freezeReference()}: the LoRA delta it uses (null: none). */
    private LoraAdapter referenceDelta;
    /** With a full update: the frozen copy of the weights the reference computes with. */
    private CausalLm referenceModel;
    private boolean referenceFrozen;
    /** With a full update short of memory: the reference's log-probs, computed once before training. */
    private PrecomputedReference precomputed;
    private ReferenceMode referenceMode = ReferenceMode.AUTO;

    private DjlFineTuner(FineTuneSpec spec, Path baseDir, NDManager root, CausalLm model, LoraAdapter adapter) {
        this.spec = spec;
        this.baseDir = baseDir;
        this.root = root;
        this.model = model;
        this.adapter = adapter;
        DataType dtype = model.dtype();
        Map<String, NDArray> originals = adapter != null ? adapter.parameters() : model.weights().all();
        this.params = FlatParameters.pack(root, originals, dtype,
                name -> adapter != null && LoraAdapter.isB(name) ? spec.loraPlusRatio() : 1.0);
        // The model computes with views of the flat buffers from now on; the originals are copies to drop.
        if (adapter != null) {
            adapter.replaceParameters(params.leafViews());
        } else {
            model.weights().replace(params.leafViews());
        }
        this.trainables = params.trainables();
        this.optimizer = new AdamW(root, spec.beta1(), spec.beta2(), spec.epsilon(), spec.weightDecay());
        this.scaler = dtype == DataType.FLOAT16 ? LossScaler.standard() : null;
        Device device = root.getDevice();
        this.recomputePlanner = RecomputePlanner.of(spec, model.config(), dtype.getNumOfBytes(),
                () -> MemoryHeadroom.of(device));
    }

    /** Fine-tunes the HuggingFace model folder {@code modelDir} on the best device (GPU when DJL sees one). */
    public static DjlFineTuner create(Path modelDir, FineTuneSpec spec) throws IOException {
        return create(modelDir, spec, Devices.best());
    }

    public static DjlFineTuner create(Path modelDir, FineTuneSpec spec, Device device) throws IOException {
        DataType dtype = computeType(spec.precision());
        ModelConfig config = ModelConfig.load(modelDir.resolve("config.json"));
        NDManager root = NDManager.newBaseManager(device);
        try {
            ModelWeights weights = ModelWeights.load(modelDir, config, root, dtype);
            return assemble(spec, modelDir, root, new CausalLm(weights, dtype));
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A model with random weights from {@code config} (benchmarks, the untrained built-in model). */
    public static DjlFineTuner random(ModelConfig config, FineTuneSpec spec, Device device, long weightSeed) {
        DataType dtype = computeType(spec.precision());
        NDManager root = NDManager.newBaseManager(device);
        try {
            ModelWeights weights = ModelWeights.random(config, root, dtype, weightSeed);
            return assemble(spec, null, root, new CausalLm(weights, dtype));
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static DjlFineTuner assemble(FineTuneSpec spec, Path baseDir, NDManager root, CausalLm model) {
        JniUtils.setSeed(spec.seed());
        LoraAdapter adapter = null;
        if (spec.method() == FineTuneSpec.Method.LORA) {
            LoraConfig lc = new LoraConfig(spec.loraRank(), spec.loraAlpha(), spec.loraDropout(),
                    LoraConfig.resolveTargets(spec.loraTargets(), model.config().architecture().projections()),
                    spec.rsLora(),
                    baseDir == null ? null : baseDir.toAbsolutePath().toString());
            adapter = LoraAdapter.create(lc, model.config(), root, model.dtype(), spec.seed());
            model.setDelta(adapter);
        }
        return new DjlFineTuner(spec, baseDir, root, model, adapter);
    }

    /** The dtype inside the graph for a requested precision; BF16 is refused with the reason. */
    public static DataType computeType(FineTuneSpec.Precision precision) {
        return switch (precision) {
            case FP32 -> DataType.FLOAT32;
            case FP16 -> DataType.FLOAT16;
            case BF16 -> throw new IllegalArgumentException("bf16 training is not available: DJL 0.35's PyTorch "
                    + "JNI has no bfloat16 type and aborts the JVM when it meets one. Use fp16 (mixed precision "
                    + "with loss scaling, for GPUs) or fp32 (the default on CPUs). BF16 checkpoints still load: "
                    + "their weights are widened when read.");
        };
    }

    @Override
    public StepResult step(List<Batch> microBatches, double learningRate) {
        double totalWeight = 0;
        long tokens = 0;
        for (Batch b : microBatches) {
            totalWeight += b.trainedWeight();
            tokens += b.tokens();
        }
        if (totalWeight <= 0) {
            return new StepResult(0, 0, tokens, 0, true);
        }
        double lossScale = scaler == null ? 1 : scaler.scale();
        double nllSum = 0;
        boolean dropout = adapter != null && spec.loraDropout() > 0;
        try (GradMode grad = GradMode.enabled()) {
            for (int i = 0; i < microBatches.size(); i++) {
                Batch b = microBatches.get(i);
                boolean recompute = recomputePlanner.decide(b.rows(), b.sequenceLength()).recompute();
                // Dropout masks come from torch's global generator, reseeded per (seed, step, micro-batch, layer):
                // a resumed job draws the masks the uninterrupted one would have (the step count is part of the
                // optimizer state), and a recomputed layer replays its own.
                DropoutSeeds seeds = dropout ? DropoutSeeds.of(spec.seed(), optimizer.stepCount() + 1, i) : null;
                try (NDManager sub = root.newSubManager(); NDScope scope = new NDScope()) {
                    nllSum += model.backwardWeightedNll(sub, b, (float) (lossScale / totalWeight), recompute, seeds);
                }
            }
        }
        Update u = applyGradients(lossScale, learningRate);
        return new StepResult(nllSum / totalWeight, u.norm(), tokens, totalWeight, !u.applied());
    }

    /** Global norm of the accumulated gradients before clipping, and whether the update was applied. */
    private record Update(double norm, boolean applied) {
    }

    /** Unscales, clips and applies the accumulated gradients (unless FP16 found them non-finite), then zeroes them. */
    private Update applyGradients(double lossScale, double learningRate) {
        try (GradMode noGrad = GradMode.disabled(); NDScope scope = new NDScope()) {
            NDArray grad = params.gradient();
            if (lossScale != 1) {
                grad.muli((float) (1 / lossScale));
            }
            double norm = GradientClipping.clip(List.of(grad), spec.maxGradNorm());
            boolean finite = Double.isFinite(norm);
            boolean apply = scaler == null ? finite : scaler.update(finite);
            if (apply) {
                optimizer.update(params, grad, learningRate);
                params.copyMastersToLeaves();
            }
            params.zeroGradients();
            return new Update(norm, apply);
        }
    }

    // ---- preference tuning ----

    @Override
    public boolean freezeReference() {
        closeReference();
        precomputed = null;
        referenceFrozen = true;
        if (adapter != null) {
            // A fresh adapter adds nothing: the reference is the model with it switched off, no copy at all.
            referenceDelta = adapter.isIdentity() ? null : adapter.frozenCopy(root);
            return true;
        }
        if (!copyFits()) {
            return false;
        }
        referenceModel = new CausalLm(model.weights().frozenCopy(root), model.dtype());
        return true;
    }

    /**
     * Whether a frozen copy of the weights fits: always for {@link ReferenceMode#COPY}, never for
     * {@link ReferenceMode#PRECOMPUTED}, and with {@link ReferenceMode#AUTO} when the device's free memory holds the
     * copy twice over (the copy, and room left for the training steps). Unknown headroom: copy, as before.
     */
    private boolean copyFits() {
        return switch (referenceMode) {
            case COPY -> true;
            case PRECOMPUTED -> false;
            case AUTO -> {
                long headroom = MemoryHeadroom.of(root.getDevice());
                long copy = model.weights().parameterCount() * model.dtype().getNumOfBytes();
                yield headroom == MemoryHeadroom.UNKNOWN || headroom >= 2 * copy;
            }
        };
    }

    /** How a full update's reference is kept (tests and benchmarks pin it; jobs leave it AUTO). */
    public void referenceMode(ReferenceMode mode) {
        this.referenceMode = mode;
    }

    @Override
    public double[] sequenceLogps(Batch batch) {
        try (NDManager sub = root.newSubManager(); NDScope scope = new NDScope()) {
            return model.sequenceLogps(sub, batch);
        }
    }

    @Override
    public void useReferenceLogps(PrecomputedReference reference) {
        this.precomputed = reference;
    }

    private void closeReference() {
        if (referenceDelta != null) {
            referenceDelta.close();
            referenceDelta = null;
        }
        if (referenceModel != null) {
            referenceModel.weights().close();
            referenceModel = null;
        }
    }

    /**
     * The reference model's log-probs of each row: the same model with the reference's delta switched in (LoRA),
     * or the frozen copy (full update).
     */
    private double[] referenceLogps(NDManager m, Batch b) {
        if (!referenceFrozen) {
            throw new IllegalStateException("freezeReference() must be called before preference tuning");
        }
        if (referenceModel != null) {
            return referenceModel.sequenceLogps(m, b);
        }
        if (adapter == null) {
            if (precomputed == null) {
                throw new IllegalStateException("a full update without a copy of the weights needs precomputed "
                        + "reference log-probs (useReferenceLogps)");
            }
            return precomputed.of(b);
        }
        var trained = model.delta();
        model.setDelta(referenceDelta);
        try {
            return model.sequenceLogps(m, b);
        } finally {
            model.setDelta(trained);
        }
    }

    @Override
    public PreferenceStepResult preferenceStep(List<Batch> microBatches, PreferenceObjective objective,
                                               double learningRate) {
        long pairs = 0;
        long tokens = 0;
        for (Batch b : microBatches) {
            pairs += b.rows() / 2;
            tokens += b.tokens();
        }
        if (pairs == 0) {
            return new PreferenceStepResult(new StepResult(0, 0, tokens, 0, true), PreferenceMetrics.ZERO);
        }
        double lossScale = scaler == null ? 1 : scaler.scale();
        double perPair = lossScale / pairs;
        PreferenceMetrics metrics = PreferenceMetrics.ZERO;
        boolean dropout = adapter != null && spec.loraDropout() > 0;
        for (int i = 0; i < microBatches.size(); i++) {
            Batch b = microBatches.get(i);
            int[] lengths = ScoredTargets.of(b).perRow(b.rows(), b.sequenceLength());
            boolean recompute = recomputePlanner.decide(b.rows(), b.sequenceLength()).recompute();
            DropoutSeeds seeds = dropout ? DropoutSeeds.of(spec.seed(), optimizer.stepCount() + 1, i) : null;
            try (NDManager sub = root.newSubManager(); NDScope scope = new NDScope()) {
                double[] reference = referenceLogps(sub, b);
                PreferenceMetrics[] seen = new PreferenceMetrics[1];
                try (GradMode grad = GradMode.enabled()) {
                    model.backwardSequences(sub, b, policy -> {
                        PairTerms[] terms = objective.pairs(policy, reference, lengths);
                        seen[0] = PreferenceMetrics.of(terms, policy);
                        double[] d = new double[policy.length];
                        int n = terms.length;
                        for (int p = 0; p < n; p++) {
                            d[p] = terms[p].dChosen() * perPair;
                            d[n + p] = terms[p].dRejected() * perPair;
                        }
                        return d;
                    }, recompute, seeds);
                }
                metrics = metrics.plus(seen[0] == null ? PreferenceMetrics.ZERO : seen[0]);
            }
        }
        Update u = applyGradients(lossScale, learningRate);
        return new PreferenceStepResult(new StepResult(metrics.meanLoss(), u.norm(), tokens, pairs, !u.applied()),
                metrics);
    }

    @Override
    public PreferenceMetrics evaluatePreference(Batch batch, PreferenceObjective objective) {
        try (NDManager sub = root.newSubManager(); NDScope scope = new NDScope()) {
            double[] reference = referenceLogps(sub, batch);
            double[] policy = model.sequenceLogps(sub, batch);
            int[] lengths = ScoredTargets.of(batch).perRow(batch.rows(), batch.sequenceLength());
            return PreferenceMetrics.of(objective.pairs(policy, reference, lengths), policy);
        }
    }

    @Override
    public LossSum evaluate(Batch batch) {
        try (GradMode noGrad = GradMode.disabled(); NDManager sub = root.newSubManager();
             NDScope scope = new NDScope()) {
            return new LossSum(model.scoreWeightedNll(sub, batch), batch.trainedWeight());
        }
    }

    private Map<String, NDArray> masters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Trainable t : trainables) {
            out.put(t.name(), t.master());
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (adapter != null) {
            AdapterFiles.save(dir, adapter.config(), masters());
        } else {
            writeWeights(dir.resolve(WEIGHTS_FILE), masters(), false);
            AtomicFiles.writeString(dir.resolve("config.json"), model.config().toJson());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        if (scaler != null) {
            meta.put("loss_scale", Double.toString(scaler.scale()));
            meta.put("loss_scale_good_steps", Integer.toString(scaler.goodSteps()));
        }
        optimizer.save(dir.resolve(OPTIMIZER_FILE), params, meta);
    }

    @Override
    public void restore(Path dir, boolean withOptimizerState) throws IOException {
        Path weights = dir.resolve(adapter != null ? AdapterFiles.WEIGHTS : WEIGHTS_FILE);
        if (adapter != null) {
            LoraConfig saved = AdapterFiles.readConfig(dir);
            if (saved.rank() != adapter.config().rank() || !saved.targets().containsAll(adapter.config().targets())) {
                throw new ModelFormatException(dir + " holds a LoRA adapter with r=" + saved.rank() + " on "
                        + saved.targets() + " but this run trains r=" + adapter.config().rank() + " on "
                        + adapter.config().targets() + ": use the same LoRA settings to continue from it.");
            }
        }
        try (SafetensorsReader reader = SafetensorsReader.open(weights);
             GradMode noGrad = GradMode.disabled(); NDScope scope = new NDScope()) {
            for (Trainable t : trainables) {
                TensorInfo info = reader.info(t.name());
                long[] expected = t.master().getShape().getShape();
                if (!Arrays.equals(info.shape(), expected)) {
                    throw new ModelFormatException("tensor '" + t.name() + "' in " + weights + " has shape "
                            + info.shapeString() + " but this model needs " + Arrays.toString(expected) + ".");
                }
                // In place: the master is a view of the flat buffer.
                t.master().muli(0).addi(t.master().getManager().create(reader.readFloats(t.name()),
                        t.master().getShape()).toDevice(t.master().getDevice(), false));
            }
            params.copyMastersToLeaves();
        }
        Path opt = dir.resolve(OPTIMIZER_FILE);
        if (withOptimizerState && Files.exists(opt)) {
            Map<String, String> meta = optimizer.load(opt, params);
            if (scaler != null && meta.containsKey("loss_scale")) {
                scaler.restore(Double.parseDouble(meta.get("loss_scale")),
                        Integer.parseInt(meta.getOrDefault("loss_scale_good_steps", "0")));
            }
        }
    }

    @Override
    public void saveMerged(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, NDArray> merged = new LinkedHashMap<>();
        try (NDManager tmp = root.newSubManager(); GradMode noGrad = GradMode.disabled();
             NDScope scope = new NDScope()) {
            Map<String, NDArray> source = adapter != null ? model.weights().all() : masters();
            for (Map.Entry<String, NDArray> e : source.entrySet()) {
                String name = e.getKey();
                if (adapter != null && name.endsWith(".weight")) {
                    String module = name.substring(0, name.length() - ".weight".length());
                    merged.put(name, adapter.merge(module, e.getValue(), tmp));
                } else {
                    merged.put(name, e.getValue());
                }
            }
            writeWeights(dir.resolve(WEIGHTS_FILE), merged, true);
        }
        AtomicFiles.writeString(dir.resolve("config.json"), model.config().toJson());
        if (baseDir != null) {
            for (String f : FOLDER_FILES) {
                Path src = baseDir.resolve(f);
                if (Files.isRegularFile(src)) {
                    Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Writes weights by HF name, each in the dtype the base checkpoint stored it in (or F32). */
    private void writeWeights(Path file, Map<String, NDArray> tensors, boolean keepStoredDtype) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray v = e.getValue();
            float[] data;
            if (v.getDataType() == DataType.FLOAT32) {
                data = v.toFloatArray();
            } else {
                try (NDArray f = v.toType(DataType.FLOAT32, true)) {
                    data = f.toFloatArray();
                }
            }
            var dtype = keepStoredDtype ? model.weights().storedAs(e.getKey()) : dev.jtune.trainer.io.DType.F32;
            writer.add(e.getKey(), data, v.getShape().getShape(), dtype);
        }
        writer.write(file);
    }

    @Override
    public long trainableParameters() {
        return params.size();
    }

    @Override
    public long totalParameters() {
        return model.weights().parameterCount() + (adapter == null ? 0 : adapter.parameterCount());
    }

    /** The model being trained (with its adapter installed), e.g. to generate from it between steps. */
    public CausalLm model() {
        return model;
    }

    public LoraAdapter adapter() {
        return adapter;
    }

    public FineTuneSpec spec() {
        return spec;
    }

    /**
     * Whether steps of {@code rows} × {@code t} tokens recompute activations, and why (for the parameters table);
     * throws {@link InsufficientMemoryException} when such a batch cannot fit even with recompute.
     */
    public RecomputeDecision recomputeDecision(int rows, int t) {
        return recomputePlanner.decide(rows, t);
    }

    /** Current loss scale (FP16) or 1. */
    public double lossScale() {
        return scaler == null ? 1 : scaler.scale();
    }

    @Override
    public void close() {
        closeReference();
        optimizer.close();
        root.close();
    }
}
