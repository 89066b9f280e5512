package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.jtune.trainer.data.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only transformer of Llama, Qwen2 and Mistral as NDArray ops: embeddings, RMSNorm, rotary
 * embeddings, grouped-query attention with segment masks, SwiGLU MLP and LM head. Stateless between calls apart
 * from its weights; every intermediate attaches to the manager the caller passes (the step's), so closing that
 * manager frees the step.
 */
public final class CausalLm {

    /** Logits for the loss are computed for about this many elements at once (tokens × vocabulary)... */
    private static final long LOSS_CHUNK_ELEMENTS = 1L << 23;
    /**
     * ...but for at least this many tokens: each chunk's matmul packs the whole [vocab, hidden] head weight again,
     * which costs as much as ~100 tokens' products (qwen2.5-0.5b's head, 1 thread, the two matmuls of forward and
     * backward for 511 tokens: 5.1 s in chunks of 55, 3.5 s in chunks of 128, 3.3 s in chunks of 256, 3.1 s in
     * one). 256 measured no faster in whole steps and raised peak RSS by 0.3 GiB.
     */
    private static final int MIN_LOSS_CHUNK_TOKENS = 128;
    /** Attention scores of one query block stay under this many elements (64 MiB in FP32). */
    private static final long ATTENTION_BLOCK_ELEMENTS = 1L << 24;
    private static final int MIN_QUERY_BLOCK = 16;
    /**
     * Training and scoring split longer sequences into query blocks of this many: a block attends only to the keys
     * up to its end, which skips 3/8 of the causal scores at 4 blocks (T = 512) and nearly half at long T, for a few
     * ops more per block.
     */
    private static final int CAUSAL_QUERY_BLOCK = 128;

    private final ModelConfig config;
    private final ModelWeights weights;
    private final Architecture arch;
    /** One rotary embedding per distinct layer attention (most models: one). */
    private final java.util.Map<LayerAttention, RotaryEmbedding> ropes = new java.util.LinkedHashMap<>();
    private final DataType dtype;
    private final NDArray fp32Zero;
    private LinearDelta delta;
    private int queryBlockOverride;

    public CausalLm(ModelWeights weights, DataType dtype) {
        this.config = weights.config();
        this.weights = weights;
        this.arch = config.architecture();
        arch.layers().forEach(a -> ropes.computeIfAbsent(a, k -> new RotaryEmbedding(config.headDim(), k)));
        this.dtype = dtype;
        NDManager m = weights.manager();
        this.fp32Zero = m.zeros(new Shape(1), DataType.FLOAT32);
    }

    /** Loads a HuggingFace model folder ({@code config.json} + safetensors weights) into {@code manager}. */
    public static CausalLm load(java.nio.file.Path folder, NDManager manager, DataType dtype)
            throws java.io.IOException {
        ModelConfig config = ModelConfig.load(folder.resolve("config.json"));
        return new CausalLm(ModelWeights.load(folder, config, manager, dtype), dtype);
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    public DataType dtype() {
        return dtype;
    }

    /** Installs (or with null removes) the term added to projections, e.g. a LoRA adapter. */
    public void setDelta(LinearDelta delta) {
        this.delta = delta;
    }

    public LinearDelta delta() {
        return delta;
    }

    /**
     * Runs the decoder layers and returns hidden states [rows, T, hidden] before the final norm.
     *
     * @param cache null for training and scoring; for decoding, receives this call's keys and values
     */
    public NDArray hidden(NDManager m, int[][] ids, int[][] positions, int[][] segments, KvCache cache,
                          boolean training) {
        return hidden(m, ids, positions, segments, cache, training, null);
    }

    /**
     * As {@link #hidden(NDManager, int[][], int[][], int[][], KvCache, boolean)}, reseeding dropout before each
     * layer from {@code seeds} (null: no reseeding). Without grad mode each layer's intermediates are freed as soon
     * as its output exists, so a forward pass holds one layer's activations at a time.
     */
    public NDArray hidden(NDManager m, int[][] ids, int[][] positions, int[][] segments, KvCache cache,
                          boolean training, DropoutSeeds seeds) {
        int past = cache == null ? 0 : cache.length();
        LayerContext ctx = context(m, positions, segments, past);
        NDArray x = embed(m, ids);
        boolean keepGraph = JniUtils.isGradMode();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            try (DropoutSeeds.Draws draws = DropoutSeeds.forLayer(seeds, layer)) {
                x = keepGraph ? layer(layer, x, ctx, cache, training) : scopedLayer(m, layer, x, ctx, cache, training);
            }
        }
        if (cache != null) {
            cache.advance(ids[0].length);
        }
        return x;
    }

    /** Token embeddings [rows, T, hidden], on the manager of the ids (m). */
    public NDArray embed(NDManager m, int[][] ids) {
        NDArray idArray = m.create(flatten(ids), new Shape(ids.length, ids[0].length));
        NDArray rows = Ops.rows(weights.get("model.embed_tokens.weight"), idArray);
        return arch.embeddingScale() == 1f ? rows : rows.muli(arch.embeddingScale());
    }

    /** The rotary tables and attention mask the layers of one call share, for tokens after {@code past} cached. */
    public LayerContext context(NDManager m, int[][] positions, int[][] segments, int past) {
        if (arch.uniformLayers()) {
            return context(m, positions, segments, past, arch.layers().get(0));
        }
        java.util.Map<LayerAttention, LayerContext> kinds = new java.util.HashMap<>();
        List<LayerContext> byLayer = new ArrayList<>();
        for (LayerAttention a : arch.layers()) {
            byLayer.add(kinds.computeIfAbsent(a, k -> context(m, positions, segments, past, k)));
        }
        LayerContext first = byLayer.get(0);
        return new LayerContext(first.cos(), first.sin(), first.cosQ(), first.sinQ(), first.blocks(),
                List.copyOf(byLayer));
    }

    /** The rotary tables and masks of layers that attend as {@code kind} does. */
    private LayerContext context(NDManager m, int[][] positions, int[][] segments, int past, LayerAttention kind) {
        RotaryEmbedding rope = ropes.get(kind);
        int rows = positions.length;
        int t = positions[0].length;
        int hd = config.headDim();
        float[][] cosSin = rope.cosSin(positions);
        float scale = (float) arch.queryScale();
        Shape tables = new Shape(rows, t, 1, hd);
        float blocked = dtype == DataType.FLOAT16 ? -30000f : -1e9f;
        int block = queryBlock(rows, t, past);
        List<LayerContext.QueryBlock> blocks = new ArrayList<>();
        for (int start = 0; start < t; start += block) {
            int end = Math.min(t, start + block);
            blocks.add(new LayerContext.QueryBlock(start, end, past + end,
                    floats(m, AttentionMask.additive(segments, past, blocked, start, end, kind.slidingWindow()),
                            new Shape(rows, 1, 1, end - start, past + end))));
        }
        return new LayerContext(floats(m, cosSin[0], tables), floats(m, cosSin[1], tables),
                floats(m, scaled(cosSin[0], scale), tables), floats(m, scaled(cosSin[1], scale), tables),
                List.copyOf(blocks));
    }

    /**
     * Queries per attention block: at most {@link #CAUSAL_QUERY_BLOCK} when nothing is cached (the later blocks'
     * queries see more keys than the earlier ones', so blocks skip the masked part), and no more than keep one
     * block's scores [rows, heads, block, past + T] under {@link #ATTENTION_BLOCK_ELEMENTS}, so live attention
     * memory grows like T, not T².
     */
    private int queryBlock(int rows, int t, int past) {
        if (queryBlockOverride > 0) {
            return queryBlockOverride;
        }
        long perQuery = (long) rows * config.numHeads() * (past + t);
        long byMemory = Math.max(MIN_QUERY_BLOCK, ATTENTION_BLOCK_ELEMENTS / perQuery);
        long causal = past == 0 && t >= 2 * CAUSAL_QUERY_BLOCK ? CAUSAL_QUERY_BLOCK : t;
        return (int) Math.min(t, Math.min(byMemory, causal));
    }

    /** Fixes the queries per attention block (0: chosen from T); the numbers do not depend on it. */
    public void setQueryBlock(int queries) {
        this.queryBlockOverride = queries;
    }

    /** One decoder layer (attention block, then MLP block, each with its residual): [rows, T, hidden] in and out. */
    public NDArray layer(int layer, NDArray x, LayerContext ctx, KvCache cache, boolean training) {
        return mlp(attention(x, layer, ctx, cache, training), layer, training);
    }

    /**
     * {@link #layer} with its intermediates on a sub-manager closed before returning: for passes without grad,
     * where only the output is needed. The input goes back to its manager; the output is attached to {@code m}.
     */
    NDArray scopedLayer(NDManager m, int layer, NDArray x, LayerContext ctx, KvCache cache, boolean training) {
        try (NDManager scratch = m.newSubManager()) {
            // Results attach to their first operand's manager: lending x to the scratch manager puts them there.
            x.tempAttach(scratch);
            NDArray out = layer(layer, x, ctx, cache, training);
            out.attach(m);
            return out;
        }
    }

    private NDArray attention(NDArray x, int layer, LayerContext layers, KvCache cache, boolean training) {
        LayerContext ctx = layers.of(layer);
        long rows = x.getShape().get(0);
        long t = x.getShape().get(1);
        int hd = config.headDim();
        int kvHeads = config.numKvHeads();
        int groups = config.kvGroups();
        String prefix = WeightLayout.layer(layer);
        NDArray h = rmsNorm(x, weights.get(prefix + "input_layernorm.weight"));
        NDArray[] qkv = projectGroup(h, layer, FusedProjection.GROUPS.get(0), training);
        NDArray q = qkv[0].reshape(rows, t, config.numHeads(), hd);
        NDArray k = qkv[1].reshape(rows, t, kvHeads, hd);
        if (arch.qkNorm()) {
            q = rmsNorm(q, weights.get(prefix + "self_attn.q_norm.weight"));
            k = rmsNorm(k, weights.get(prefix + "self_attn.k_norm.weight"));
        }
        NDArray v = qkv[2].reshape(rows, t, kvHeads, hd);
        q = rotate(q, ctx.cosQ(), ctx.sinQ()).reshape(rows, t, kvHeads, groups, hd).transpose(0, 2, 3, 1, 4);
        k = rotate(k, ctx.cos(), ctx.sin()).transpose(0, 2, 1, 3);
        v = v.transpose(0, 2, 1, 3);
        if (cache != null) {
            NDArray[] kv = cache.append(layer, k, v);
            k = kv[0];
            v = kv[1];
        }
        // Query heads of a group share one key/value head (HF repeat_kv): a group's queries are stacked into one
        // matrix against its head's keys, so keys and values are never copied per query head.
        NDArray keysT = k.transpose(0, 1, 3, 2);
        NDArray out;
        if (ctx.blocks().size() == 1) {
            out = attend(q, keysT, v, ctx.blocks().get(0).mask());
        } else {
            NDList parts = new NDList(ctx.blocks().size());
            long allKeys = keysT.getShape().get(3);
            for (LayerContext.QueryBlock b : ctx.blocks()) {
                NDArray qb = q.get(new NDIndex(":, :, :, {}:{}", b.start(), b.end()));
                NDArray kb = b.keys() == allKeys ? keysT : keysT.get(new NDIndex(":, :, :, :{}", b.keys()));
                NDArray vb = b.keys() == allKeys ? v : v.get(new NDIndex(":, :, :{}", b.keys()));
                parts.add(attend(qb, kb, vb, b.mask()));
            }
            out = NDArrays.concat(parts, 3);
        }
        out = out.transpose(0, 3, 1, 2, 4).reshape(rows, t, (long) config.numHeads() * hd);
        NDArray o = project(out, layer, "o_proj", training);
        if (arch.sandwichNorms()) {
            o = rmsNorm(o, weights.get(prefix + "post_attention_layernorm.weight"));
        }
        return x.add(o);
    }

    /**
     * softmax(q·kᵀ + mask)·v for one query block: q [rows, kvHeads, groups, block, hd], keysT [rows, kvHeads, hd,
     * keys], values [rows, kvHeads, keys, hd], mask [rows, 1, 1, block, keys]; out as q. The mask is added out of
     * place (an in-place add on the scores' 5-D view would make backward clone the scores' gradient). Scores and
     * probabilities are released as soon as they are used: autograd keeps what backward needs (the
     * probabilities) by its own reference, and without grad the block's memory is freed before the next block.
     */
    private static NDArray attend(NDArray q, NDArray keysT, NDArray values, NDArray mask) {
        long[] s = q.getShape().getShape();
        long keys = keysT.getShape().get(3);
        NDArray stacked = q.reshape(s[0], s[1], s[2] * s[3], s[4]);
        NDArray raw = closing(stacked, stacked.matMul(keysT));
        NDArray scores = closing(raw, raw.reshape(s[0], s[1], s[2], s[3], keys));
        scores = closing(scores, scores.add(mask));
        NDArray probs = closing(scores, scores.softmax(-1));
        probs = closing(probs, probs.reshape(s[0], s[1], s[2] * s[3], keys));
        NDArray out = closing(probs, probs.matMul(values));
        return closing(out, out.reshape(s));
    }

    /** {@code result}, after closing the handle of {@code used} (a view's handle would keep its storage alive). */
    private static NDArray closing(NDArray used, NDArray result) {
        used.close();
        return result;
    }

    private NDArray mlp(NDArray x, int layer, boolean training) {
        String prefix = WeightLayout.layer(layer);
        NDArray h = rmsNorm(x, weights.get(prefix + (arch.sandwichNorms() ? "pre_feedforward_layernorm.weight"
                : "post_attention_layernorm.weight")));
        NDArray[] gateUp = projectGroup(h, layer, FusedProjection.GROUPS.get(1), training);
        NDArray act = arch.activation().gated(gateUp[0], gateUp[1]);
        NDArray down = project(act, layer, "down_proj", training);
        if (arch.sandwichNorms()) {
            down = rmsNorm(down, weights.get(prefix + "post_feedforward_layernorm.weight"));
        }
        return x.add(down);
    }

    /**
     * x·cos + rotate_half(x)·sin. NoPE layers' tables have sin 0, so rotating over the widest rotary part serves
     * every layer.
     */
    private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        return x.mul(cos).addi(Ops.rotateHalf(x, arch.rotaryDim()).muli(sin));
    }

    /**
     * The outputs of projections that read the same input, in order: one matmul with their fused weight when the
     * layer has one (output columns split as views), else one per projection; each plus its delta (LoRA).
     */
    private NDArray[] projectGroup(NDArray x, int layer, List<String> projections, boolean training) {
        NDArray[] out = new NDArray[projections.size()];
        if (arch.fusedCheckpoint()) {
            return storedFused(x, layer, projections, training);
        }
        FusedProjection f = weights.fused(WeightLayout.module(layer, projections.get(0)));
        if (f == null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = project(x, layer, projections.get(i), training);
            }
            return out;
        }
        NDArray all = Ops.linear(x, f.weight(), f.bias());
        NDList parts = Ops.split(all, f.widths());
        for (int i = 0; i < out.length; i++) {
            out[i] = addDelta(parts.get(i), false, f.modules().get(i), x, training);
            if (out[i] != parts.get(i)) {
                parts.get(i).close();
            }
        }
        // The parts left as views hold the storage they need; an open handle would keep all of it to the step's end.
        all.close();
        return out;
    }

    /**
     * A group the checkpoint stores as one module (Phi-3's qkv_proj, gate_up_proj): one matmul, the module's
     * delta (PEFT adapts the fused module as a whole), then the output columns split into the parts.
     */
    private NDArray[] storedFused(NDArray x, int layer, List<String> projections, boolean training) {
        String fused = Architecture.FUSED_MODULES.get(FusedProjection.GROUPS.indexOf(projections));
        long[] widths = projections.stream()
                .mapToLong(p -> WeightLayout.projectionShape(config, p)[0]).toArray();
        NDArray all = project(x, layer, fused, training);
        NDArray[] out = Ops.split(all, widths).toArray(new NDArray[0]);
        all.close();
        return out;
    }

    private NDArray project(NDArray x, int layer, String projection, boolean training) {
        String module = WeightLayout.module(layer, projection);
        NDArray out = Ops.linear(x, weights.get(module + ".weight"), weights.find(module + ".bias"));
        return addDelta(out, true, module, x, training);
    }

    /**
     * out + delta(x) of {@code module}, then the delta's handle is closed: nothing in backward needs it, and an open
     * handle would keep its [rows, T, out] storage until the step ends.
     *
     * @param inPlace add into {@code out} (a projection's own output); false for a part of a fused output, since an
     *                in-place write to a view makes backward clone the whole fused gradient once per part
     */
    private NDArray addDelta(NDArray out, boolean inPlace, String module, NDArray x, boolean training) {
        NDArray d = delta == null ? null : delta.delta(module, x, training);
        if (d == null) {
            return out;
        }
        NDArray sum = inPlace ? out.addi(d) : out.add(d);
        d.close();
        return sum;
    }

    /**
     * HF LlamaRMSNorm: x · rsqrt(mean(x²) + eps) · w. The reciprocal is taken on the [rows, T, 1] statistic (pow
     * −0.5 is PyTorch's rsqrt), so the wide tensor is multiplied, not divided, forward and backward.
     */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        if (dtype == DataType.FLOAT16) {
            return rmsNormHalf(x, weight);
        }
        NDArray inverse = x.square().mean(new int[] {-1}, true).addi((float) config.rmsNormEps()).pow(-0.5f);
        return scaleByNormWeight(x.mul(inverse), weight);
    }

    /**
     * RMSNorm in FP16 without overflow or underflow: x² overflows for |x| &gt; 256 and underflows for small
     * activations, so each row is first divided by its max |x| (a detached constant: the norm does not depend on
     * it, so the gradient is exact), and eps becomes eps/s². DJL's norm() would be shorter but its gradient does
     * not flow through the norm (checked against the fixtures' LoRA gradients).
     */
    private NDArray rmsNormHalf(NDArray x, NDArray weight) {
        NDArray s = x.abs().max(new int[] {-1}, true).stopGradient().maximum(1e-4f);
        NDArray epsTerm = s.pow(-1).muli((float) Math.sqrt(config.rmsNormEps())).square();
        NDArray y = x.div(s);
        NDArray denom = y.square().mean(new int[] {-1}, true).add(epsTerm).sqrt();
        return scaleByNormWeight(y.div(denom), weight);
    }

    /**
     * normed·w, or Gemma's normed·(1 + w) as normed·w + normed: the stored (trained, saved) tensor stays w, and no
     * op starts from the weight (its result would attach to the weights' long-lived manager).
     */
    private NDArray scaleByNormWeight(NDArray normed, NDArray weight) {
        return arch.unitOffsetNorms() ? normed.mul(weight).addi(normed) : normed.muli(weight);
    }

    /** Final norm and LM head for every position: [rows, T, vocab] in FP32. */
    public NDArray logits(NDArray hidden) {
        NDArray normed = rmsNorm(hidden, weights.get("model.norm.weight"));
        return softcap(toFloat32(Ops.linear(normed, weights.lmHead(), null)));
    }

    /** Final norm and LM head of the last position of each row: [rows, vocab] in FP32 (decoding). */
    public NDArray lastLogits(NDArray hidden) {
        long t = hidden.getShape().get(1);
        NDArray last = hidden.get(":, " + (t - 1) + ", :");
        return logits(last);
    }

    /**
     * Σ w·nll over the batch's scored targets, as an FP32 scalar in the graph. Only the scored positions go
     * through the final norm and LM head, chunked so the logits never exceed a few million elements.
     */
    public NDArray weightedNll(NDManager m, Batch batch, boolean training) {
        ScoredTargets targets = ScoredTargets.of(batch);
        NDArray hidden = hidden(m, batch.inputIds(), batch.positionIds(), batch.segmentIds(), null, training);
        return weightedNll(m, hidden, targets);
    }

    /**
     * Σ w·nll of the batch, with d(scale·Σ w·nll)/d(parameters) accumulated into the trainable leaves. Call with
     * grad mode on.
     *
     * @param recompute keep only each layer's input and recompute the layer in backward (see {@link Backprop})
     * @param seeds     dropout seeds per layer, so a recomputed layer replays its masks; null when no dropout
     */
    public double backwardWeightedNll(NDManager m, Batch batch, float scale, boolean recompute, DropoutSeeds seeds) {
        return recompute ? Backprop.withRecompute(this, m, batch, scale, seeds)
                : Backprop.throughGraph(this, m, batch, scale, seeds);
    }

    /** Σ w·nll of the batch without grad, one layer's and one loss chunk's intermediates alive at a time. */
    public double scoreWeightedNll(NDManager m, Batch batch) {
        try (GradMode noGrad = GradMode.disabled()) {
            NDArray hidden = hidden(m, batch.inputIds(), batch.positionIds(), batch.segmentIds(), null, false);
            ScoredTargets targets = ScoredTargets.of(batch);
            NDArray flat = hidden.reshape(-1, config.hiddenSize());
            double total = 0;
            for (int[] range : lossChunks(targets.size())) {
                try (NDManager chunk = m.newSubManager()) {
                    total += chunkNll(chunk, flat, targets, range[0], range[1]).getFloat();
                }
            }
            return total;
        }
    }

    /**
     * Σ w·nll of the scored rows of {@code flatHidden} [rows·T, hidden] (a leaf that requires grad), backward of
     * scale·Σ run chunk by chunk: each chunk's logits are freed (its manager closed) before the next is computed,
     * so one chunk of logits is alive at a time whatever the vocabulary. The gradient for the decoder collects in
     * {@code flatHidden}'s grad; the final norm and LM head (when trained) collect theirs. For a frozen head the
     * gradient through the logits is written out ({@link HeadGradient}): at most two [chunk, vocab] tensors alive
     * instead of four.
     */
    double backwardLmHead(NDManager m, NDArray flatHidden, ScoredTargets targets, float scale) {
        boolean direct = HeadGradient.applies(weights.lmHead(), arch.finalLogitSoftcap());
        double total = 0;
        for (int[] range : lossChunks(targets.size())) {
            int start = range[0];
            int end = range[1];
            try (NDManager chunk = m.newSubManager()) {
                if (direct) {
                    NDArray normed = chunkNormed(chunk, flatHidden, targets, start, end);
                    HeadGradient.Result part = HeadGradient.of(chunk, normed, weights.lmHead(),
                            java.util.Arrays.copyOfRange(targets.targets(), start, end),
                            java.util.Arrays.copyOfRange(targets.weights(), start, end), scale);
                    total += part.weightedNll();
                    Autograd.backward(normed, part.gradient());
                } else {
                    NDArray part = chunkNll(chunk, flatHidden, targets, start, end);
                    total += part.getFloat();
                    Autograd.backward(part.mul(scale));
                }
            }
        }
        return total;
    }

    /**
     * Scored tokens whose logits are computed at once: {@link #LOSS_CHUNK_ELEMENTS} worth, at least
     * {@link #MIN_LOSS_CHUNK_TOKENS}. Live memory of the loss is a few times one chunk's logits.
     */
    public static int lossChunkTokens(int vocabSize) {
        return (int) Math.max(MIN_LOSS_CHUNK_TOKENS, LOSS_CHUNK_ELEMENTS / vocabSize);
    }

    /** [start, end) ranges of scored targets, {@link #lossChunkTokens} at a time. */
    private java.util.List<int[]> lossChunks(int n) {
        int chunk = Math.max(1, Math.min(n, lossChunkTokens(config.vocabSize())));
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            out.add(new int[] {start, Math.min(n, start + chunk)});
        }
        return out;
    }

    /** One chunk's Σ w·nll; its intermediates attach to {@code m} (the row indices are created there first). */
    private NDArray chunkNll(NDManager m, NDArray flat, ScoredTargets targets, int start, int end) {
        float[] w = java.util.Arrays.copyOfRange(targets.weights(), start, end);
        return chunkLogProbs(m, flat, targets, start, end).mul(m.create(w)).sum().neg();
    }

    /** log p of each target of one chunk, [end − start] in FP32, attached to {@code m}. */
    private NDArray chunkLogProbs(NDManager m, NDArray flat, ScoredTargets targets, int start, int end) {
        long[] tgt = java.util.Arrays.copyOfRange(targets.targets(), start, end);
        NDArray logits = softcap(toFloat32(Ops.linear(chunkNormed(m, flat, targets, start, end), weights.lmHead(),
                null)));
        NDArray picked = logits.logSoftmax(-1).gather(m.create(tgt, new Shape(end - start, 1)), 1);
        return picked.reshape(end - start);
    }

    /** The final-normed hidden states of one chunk's scored positions, [end − start, hidden], on {@code m}. */
    private NDArray chunkNormed(NDManager m, NDArray flat, ScoredTargets targets, int start, int end) {
        long[] pos = java.util.Arrays.copyOfRange(targets.flatPositions(), start, end);
        return rmsNorm(Ops.rows(flat, m.create(pos)), weights.get("model.norm.weight"));
    }

    // ---- whole-sequence objectives (preference tuning) ----

    /**
     * Each row's log-probability of its answer: Σ log p over the row's scored targets (those with a non-zero weight;
     * the weight's value is not used), without grad.
     */
    public double[] sequenceLogps(NDManager m, Batch batch) {
        try (GradMode noGrad = GradMode.disabled()) {
            NDArray hidden = hidden(m, batch.inputIds(), batch.positionIds(), batch.segmentIds(), null, false);
            return rowLogps(m, hidden.reshape(-1, config.hiddenSize()), ScoredTargets.of(batch),
                    batch.rows(), batch.sequenceLength());
        }
    }

    /**
     * Back-propagates a loss L over whole sequences into the trainable leaves (grad mode on): the rows' log-probs
     * are computed from the last hidden states chunk by chunk, {@code objective} gives dL/d logp per row, and
     * backward of Σ_r dL/dlogp_r · logp_r (a weighted NLL with weight −dL/dlogp_r on row r's targets) gives
     * dL/dθ, with recompute or through the graph as for the SFT loss.
     *
     * @return each row's log-probability before the update
     */
    public double[] backwardSequences(NDManager m, Batch batch, SequenceObjective objective, boolean recompute,
                                      DropoutSeeds seeds) {
        int rows = batch.rows();
        int t = batch.sequenceLength();
        double[][] logps = {new double[rows]};
        Backprop.HeadLoss head = (mm, top, targets) -> {
            logps[0] = rowLogps(mm, top, targets, rows, t);
            double[] grad = objective.gradient(logps[0]);
            float[] w = new float[targets.size()];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) -grad[(int) (targets.flatPositions()[k] / t)];
            }
            return backwardLmHead(mm, top, new ScoredTargets(targets.flatPositions(), targets.targets(), w), 1f);
        };
        if (recompute) {
            Backprop.withRecompute(this, m, batch, head, seeds);
        } else {
            Backprop.throughGraph(this, m, batch, head, seeds);
        }
        return logps[0];
    }

    private double[] rowLogps(NDManager m, NDArray flat, ScoredTargets targets, int rows, int t) {
        double[] out = new double[rows];
        try (GradMode noGrad = GradMode.disabled()) {
            for (int[] range : lossChunks(targets.size())) {
                float[] lp;
                try (NDManager chunk = m.newSubManager()) {
                    lp = chunkLogProbs(chunk, flat, targets, range[0], range[1]).toFloatArray();
                }
                for (int k = 0; k < lp.length; k++) {
                    out[(int) (targets.flatPositions()[range[0] + k] / t)] += lp[k];
                }
            }
        }
        return out;
    }

    public NDArray weightedNll(NDManager m, NDArray hidden, ScoredTargets targets) {
        NDArray flat = hidden.reshape(-1, config.hiddenSize());
        if (targets.size() == 0) {
            // Keeps the graph connected so backward still works on a batch with nothing to score.
            return flat.sum().mul(0).reshape(1).add(fp32Zero).sum();
        }
        NDArray total = null;
        for (int[] range : lossChunks(targets.size())) {
            NDArray part = chunkNll(m, flat, targets, range[0], range[1]);
            total = total == null ? part : total.add(part);
        }
        return total;
    }

    /** Gemma's final soft-capping, cap·tanh(logits/cap), when the config sets one. */
    private NDArray softcap(NDArray logits) {
        double cap = arch.finalLogitSoftcap();
        return cap == 0 ? logits : logits.div((float) cap).tanh().mul((float) cap);
    }

    /** Upcast that keeps the gradient (type promotion; DJL's toType would cut the graph). */
    private NDArray toFloat32(NDArray x) {
        return x.getDataType() == DataType.FLOAT32 ? x : x.add(fp32Zero);
    }

    private NDArray floats(NDManager m, float[] values, Shape shape) {
        NDArray a = m.create(values, shape);
        return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
    }

    private static float[] scaled(float[] v, float s) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s;
        }
        return out;
    }

    static int[] flatten(int[][] rows) {
        int t = rows.length == 0 ? 0 : rows[0].length;
        int[] out = new int[rows.length * t];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * t, t);
        }
        return out;
    }
}
