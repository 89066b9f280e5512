package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.jtune.trainer.data.Batch;

/**
 * The two ways a training step back-propagates Σ w·nll into the trainable leaves. Both run the LM head's loss
 * chunk by chunk on a detached copy of the last hidden states ({@link CausalLm#backwardLmHead}) and then carry
 * that copy's gradient g_L down the decoder; they differ in what the decoder keeps.
 *
 * <p>Through the graph: the forward pass keeps every layer's intermediates; one backward from g_L.
 *
 * <p>With recompute (activation checkpointing): the forward pass runs without grad and keeps only each layer's input
 * x_i, except the last layer, which runs with grad (its graph is needed first, so recomputing it would only repeat it).
 * Then for i = L−2 … 0: x_i becomes a leaf that requires grad, layer i runs again with grad, and backward of its output
 * with upstream g_{i+1} gives the trainable weights their share and x_i its gradient g_i, the next upstream. Peak
 * memory is L·rows·T·hidden for the inputs plus one layer's graph; the price is a second forward of every layer but the
 * last. Dropout draws are reseeded per layer ({@link DropoutSeeds}), so a recomputed layer uses the masks of its first
 * run and both ways give the same gradients. On the CPU, memory freed by each phase (the forward's scratch, the loss
 * chunks, a few layers' graphs) goes back to the system before the next ({@link FreedMemory}): glibc would keep it, and
 * peak RSS would be about twice the live tensors.
 */
final class Backprop {

    private static final String EMBEDDINGS = "model.embed_tokens.weight";

    private Backprop() {
    }

    /**
     * The loss on the scored targets of the last hidden states, back-propagated into {@code flatTop} [rows·T, hidden]
     * (a leaf that requires grad): Σ w·nll for SFT, a sequence objective for preference tuning.
     */
    interface HeadLoss {
        double backward(NDManager m, NDArray flatTop, ScoredTargets targets);
    }

    static double throughGraph(CausalLm model, NDManager m, Batch batch, float scale, DropoutSeeds seeds) {
        return throughGraph(model, m, batch, (mm, top, t) -> model.backwardLmHead(mm, top, t, scale), seeds);
    }

    static double withRecompute(CausalLm model, NDManager m, Batch batch, float scale, DropoutSeeds seeds) {
        return withRecompute(model, m, batch, (mm, top, t) -> model.backwardLmHead(mm, top, t, scale), seeds);
    }

    static double throughGraph(CausalLm model, NDManager m, Batch batch, HeadLoss head, DropoutSeeds seeds) {
        ScoredTargets targets = ScoredTargets.of(batch);
        NDArray hidden = model.hidden(m, batch.inputIds(), batch.positionIds(), batch.segmentIds(), null, true,
                seeds);
        if (targets.size() == 0) {
            return 0;
        }
        NDArray top = hidden.stopGradient();
        top.setRequiresGradient(true);
        double total = head.backward(m, top.reshape(-1, model.config().hiddenSize()), targets);
        try (NDArray upstream = top.getGradient()) {
            Autograd.backward(hidden, upstream);
        }
        return total;
    }

    static double withRecompute(CausalLm model, NDManager m, Batch batch, HeadLoss head, DropoutSeeds seeds) {
        ScoredTargets targets = ScoredTargets.of(batch);
        if (targets.size() == 0) {
            return 0;
        }
        int layers = model.config().numLayers();
        boolean embeddingsTrain = model.weights().get(EMBEDDINGS).hasGradient();
        NDArray[] inputs = new NDArray[layers];
        LayerContext ctx;
        try (GradMode noGrad = GradMode.disabled()) {
            ctx = model.context(m, batch.positionIds(), batch.segmentIds(), 0);
            NDArray x = model.embed(m, batch.inputIds());
            for (int i = 0; i < layers - 1; i++) {
                inputs[i] = x;
                try (DropoutSeeds.Draws draws = DropoutSeeds.forLayer(seeds, i)) {
                    x = model.scopedLayer(m, i, x, ctx, null, true);
                }
            }
            inputs[layers - 1] = x;
        }
        // A layer's graph is about 8 tensors as wide as the MLP (what is freed between phases scales with it).
        long layerBytes = 8L * batch.rows() * batch.sequenceLength() * model.config().intermediateSize()
                * model.dtype().getNumOfBytes();
        boolean giveBack = FreedMemory.worthIt(m.getDevice(), layerBytes);
        int layersPerGiveBack = FreedMemory.phasesPerGiveBack(layerBytes);
        if (giveBack) {
            FreedMemory.giveBack();  // the forward's scratch, before the loss chunks and the layers' graphs
        }
        // The last layer runs once, with grad: backward needs its graph right after the loss, so recomputing it
        // would only repeat it.
        NDManager lastScope = m.newSubManager();
        NDArray lastOut = layerWithGraph(model, lastScope, layers - 1, inputs[layers - 1], ctx, seeds,
                layers > 1 || embeddingsTrain);
        NDArray top = lastOut.stopGradient();
        top.setRequiresGradient(true);
        double total = head.backward(m, top.reshape(-1, model.config().hiddenSize()), targets);
        NDArray upstream = top.getGradient();
        top.close();
        if (giveBack) {
            FreedMemory.giveBack();  // the loss chunks' logits
        }
        for (int i = layers - 1; i >= 0; i--) {
            boolean needInputGrad = i > 0 || embeddingsTrain;
            try (NDManager layerScope = i == layers - 1 ? lastScope : m.newSubManager()) {
                NDArray in = inputs[i];
                NDArray out = i == layers - 1 ? lastOut
                        : layerWithGraph(model, layerScope, i, in, ctx, seeds, needInputGrad);
                Autograd.backward(out, upstream);
                upstream.close();
                upstream = needInputGrad ? in.getGradient() : null;
                if (upstream != null) {
                    upstream.attach(m);
                }
            }
            if (giveBack && (layers - i) % layersPerGiveBack == 0) {
                // The layers' graphs: else the next ones, laid out differently among the kept inputs, add to them.
                FreedMemory.giveBack();
            }
        }
        if (embeddingsTrain) {
            Autograd.backward(model.embed(m, batch.inputIds()), upstream);
            upstream.close();
        }
        return total;
    }

    /**
     * Decoder layer {@code i} on {@code in} with grad, its graph on {@code scope}: the graph attaches to its input's
     * manager, so closing {@code scope} frees it and the input. Made without grad, each kept input is a leaf
     * already: it may require grad as it is.
     */
    private static NDArray layerWithGraph(CausalLm model, NDManager scope, int i, NDArray in, LayerContext ctx,
                                          DropoutSeeds seeds, boolean needInputGrad) {
        in.attach(scope);
        in.setRequiresGradient(needInputGrad);
        try (DropoutSeeds.Draws draws = DropoutSeeds.forLayer(seeds, i)) {
            return model.layer(i, in, ctx, null, true);
        }
    }
}
