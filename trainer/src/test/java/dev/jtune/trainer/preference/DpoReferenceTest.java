package dev.jtune.trainer.preference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.engine.PreferenceStepResult;
import dev.jtune.trainer.engine.PrecomputedReference;
import dev.jtune.trainer.engine.ReferenceMode;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.ScoredTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPO against TRL 1.13's DPOTrainer on the tiny-llama3 fixture: sequence log-probs of policy and reference, the loss
 * and TRL's metrics for every loss type, the gradients of every LoRA tensor (and every weight of a full update), and
 * AdamW trajectories through the engine (which also shows the reference stays frozen while the policy moves).
 */
class DpoReferenceTest {

    private static final double TOL = 1e-4;

    @Test
    void referenceWithTheAdapterOffIsTheBaseAndPolicyLogpsMatch() throws Exception {
        DpoFixture f = DpoFixture.load();
        Batch batch = f.batch();
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.model(), manager, DataType.FLOAT32);
            double[] base = model.sequenceLogps(manager.newSubManager(), batch);
            LoraAdapter adapter = AdapterFiles.load(f.model().resolve("adapter"), model.config(), manager,
                    DataType.FLOAT32);
            model.setDelta(adapter);
            double[] policy = model.sequenceLogps(manager.newSubManager(), batch);
            assertClose(f.doubles("lora", "reference_logps"), base, "reference (adapter off) log-probs");
            assertClose(f.doubles("lora", "policy_logps"), policy, "policy log-probs");
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void loraLossMetricsAndEveryGradientMatchTrl(Case c) throws Exception {
        DpoFixture f = DpoFixture.load();
        Batch batch = f.batch();
        PreferenceObjective objective = f.objective(c.id);
        JsonNode expected = f.reference().path("lora").path(c.id);
        try (NDManager manager = NDManager.newBaseManager(); SafetensorsReader refs = f.tensors()) {
            CausalLm model = CausalLm.load(f.model(), manager, DataType.FLOAT32);
            double[] reference = model.sequenceLogps(manager.newSubManager(), batch);
            LoraAdapter adapter = AdapterFiles.load(f.model().resolve("adapter"), model.config(), manager,
                    DataType.FLOAT32);
            model.setDelta(adapter);
            adapter.setTrainable(true);
            PreferenceMetrics metrics = backward(model, manager, batch, objective, reference, false);
            assertMetrics(expected, metrics);
            Map<String, NDArray> params = adapter.parameters();
            assertEquals(28, params.size());
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    assertGradient(refs.readFloats("lora." + c.id + ".grad." + e.getKey()), g.toFloatArray(),
                            e.getKey());
                }
            }
        }
    }

    @Test
    void fullUpdateGradientOfEveryWeightMatchesTrl(@TempDir Path tmp) throws Exception {
        DpoFixture f = DpoFixture.load();
        Batch batch = f.batch();
        Path merged = f.writeMergedModel(tmp.resolve("merged"));
        try (NDManager manager = NDManager.newBaseManager(); SafetensorsReader refs = f.tensors()) {
            CausalLm frozen = CausalLm.load(f.model(), manager, DataType.FLOAT32);
            double[] reference = frozen.sequenceLogps(manager.newSubManager(), batch);
            CausalLm model = CausalLm.load(merged, manager, DataType.FLOAT32);
            model.weights().setTrainable(true);
            assertClose(f.doubles("full", "policy_logps"), model.sequenceLogps(manager.newSubManager(), batch),
                    "full-update policy log-probs");
            PreferenceMetrics metrics = backward(model, manager, batch, f.objective("sigmoid"), reference, false);
            assertMetrics(f.reference().path("full").path("sigmoid"), metrics);
            int checked = 0;
            for (Map.Entry<String, NDArray> e : model.weights().all().entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    assertGradient(refs.readFloats("full.sigmoid.grad." + e.getKey()), g.toFloatArray(), e.getKey());
                }
                checked++;
            }
            assertEquals(refs.tensors().keySet().stream().filter(k -> k.startsWith("full.sigmoid.grad.")).count(),
                    checked);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GradCheckpointing.class, names = {"ON", "OFF"})
    void loraAdamwTrajectoryThroughTheEngineMatchesTrl(GradCheckpointing recompute) throws Exception {
        DpoFixture f = DpoFixture.load();
        JsonNode adamw = f.reference().path("lora").path("adamw");
        FineTuneSpec spec = new FineTuneSpec(FineTuneSpec.Method.LORA, 4, 8, 0.0, List.of("all-linear"), false, 1.0,
                0.0, 0.9, 0.999, 1e-8, adamw.path("clip_grad_norm").asDouble(), FineTuneSpec.Precision.FP32, 1,
                recompute);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.model(), spec, Device.cpu())) {
            tuner.freezeReference();  // a fresh adapter: the reference is the base with the adapter switched off
            tuner.restore(f.model().resolve("adapter"), false);
            PreferenceMetrics before = tuner.evaluatePreference(f.batch(), f.objective("sigmoid"));
            assertMetrics(f.reference().path("lora").path("sigmoid"), before);
            trajectory(tuner, f, adamw);
        }
    }

    @Test
    void continuingATrainedAdapterKeepsItsStartingCopyAsReferenceAsTrlDoes() throws Exception {
        DpoFixture f = DpoFixture.load();
        try (DjlFineTuner tuner = DjlFineTuner.create(f.model(), loraSpec(1.0), Device.cpu())) {
            tuner.restore(f.model().resolve("adapter"), false);
            tuner.freezeReference();  // TRL's "ref" adapter: a frozen copy of the adapter the job starts from
            PreferenceMetrics m = tuner.evaluatePreference(f.batch(), f.objective("sigmoid"));
            assertEquals(f.reference().path("lora").path("ref_adapter_sigmoid_loss").asDouble(), m.meanLoss(), TOL);
            assertEquals(0, m.means().get("rewards/margins"), TOL);
            tuner.preferenceStep(List.of(f.batch()), f.objective("sigmoid"), 1e-2);
            PreferenceMetrics after = tuner.evaluatePreference(f.batch(), f.objective("sigmoid"));
            assertTrue(after.means().get("rewards/margins") > 0, "the policy moved away from the frozen copy");
        }
    }

    private static FineTuneSpec loraSpec(double clip) {
        return new FineTuneSpec(FineTuneSpec.Method.LORA, 4, 8, 0.0, List.of("all-linear"), false, 1.0, 0.0, 0.9,
                0.999, 1e-8, clip, FineTuneSpec.Precision.FP32, 1);
    }

    @Test
    void fullUpdateTrajectoryKeepsTheFrozenCopyAsReference(@TempDir Path tmp) throws Exception {
        DpoFixture f = DpoFixture.load();
        JsonNode adamw = f.reference().path("full").path("adamw");
        FineTuneSpec spec = new FineTuneSpec(FineTuneSpec.Method.FULL, 4, 8, 0.0, List.of("all-linear"), false, 1.0,
                0.0, 0.9, 0.999, 1e-8, adamw.path("clip_grad_norm").asDouble(), FineTuneSpec.Precision.FP32, 1);
        Path merged = f.writeMergedModel(tmp.resolve("merged"));
        try (DjlFineTuner tuner = DjlFineTuner.create(f.model(), spec, Device.cpu())) {
            tuner.freezeReference();  // the base, copied
            tuner.restore(merged, false);
            trajectory(tuner, f, adamw);
        }
    }

    @Test
    void fullUpdateWithPrecomputedReferenceLogpsFollowsTheSameTrajectory(@TempDir Path tmp) throws Exception {
        DpoFixture f = DpoFixture.load();
        JsonNode adamw = f.reference().path("full").path("adamw");
        FineTuneSpec spec = new FineTuneSpec(FineTuneSpec.Method.FULL, 4, 8, 0.0, List.of("all-linear"), false, 1.0,
                0.0, 0.9, 0.999, 1e-8, adamw.path("clip_grad_norm").asDouble(), FineTuneSpec.Precision.FP32, 1);
        Path merged = f.writeMergedModel(tmp.resolve("merged"));
        Path stored = tmp.resolve("reference-logps.json");
        try (DjlFineTuner tuner = DjlFineTuner.create(f.model(), spec, Device.cpu())) {
            tuner.referenceMode(ReferenceMode.PRECOMPUTED);
            assertFalse(tuner.freezeReference(), "no copy of the weights is made");
            PrecomputedReference table = new PrecomputedReference(new java.util.HashMap<>());
            table.put(f.batch(), tuner.sequenceLogps(f.batch()));
            table.write(stored);
            tuner.useReferenceLogps(PrecomputedReference.read(stored));
            tuner.restore(merged, false);
            trajectory(tuner, f, adamw);
        }
    }

    private static void trajectory(DjlFineTuner tuner, DpoFixture f, JsonNode adamw) {
        JsonNode expected = adamw.path("losses_before_each_step");
        assertTrue(expected.size() >= 3);
        for (int i = 0; i < expected.size(); i++) {
            PreferenceStepResult r = tuner.preferenceStep(List.of(f.batch()), f.objective("sigmoid"),
                    adamw.path("lr").asDouble());
            assertFalse(r.step().skipped());
            assertEquals(2, r.metrics().pairs());
            assertEquals(expected.get(i).asDouble(), r.step().loss(), TOL, "loss before step " + (i + 1));
        }
    }

    /** Backward of the objective over the batch (grad mode on), returning the pairs' metrics. */
    private static PreferenceMetrics backward(CausalLm model, NDManager manager, Batch batch,
                                              PreferenceObjective objective, double[] reference, boolean recompute) {
        int[] lengths = ScoredTargets.of(batch).perRow(batch.rows(), batch.sequenceLength());
        PreferenceMetrics[] seen = new PreferenceMetrics[1];
        try (NDManager step = manager.newSubManager(); GradMode grad = GradMode.enabled()) {
            model.backwardSequences(step, batch, policy -> {
                PairTerms[] terms = objective.pairs(policy, reference, lengths);
                seen[0] = PreferenceMetrics.of(terms, policy);
                double[] d = new double[policy.length];
                for (int p = 0; p < terms.length; p++) {
                    d[p] = terms[p].dChosen() / terms.length;
                    d[terms.length + p] = terms[p].dRejected() / terms.length;
                }
                return d;
            }, recompute, null);
        }
        return seen[0];
    }

    private static void assertMetrics(JsonNode expected, PreferenceMetrics actual) {
        assertEquals(expected.path("loss").asDouble(), actual.meanLoss(), TOL, "loss");
        JsonNode m = expected.path("metrics");
        Map<String, Double> means = actual.means();
        assertEquals(PreferenceMetrics.NAMES.size(), m.size());
        for (String name : PreferenceMetrics.NAMES) {
            assertTrue(m.has(name), "TRL logs " + name);
            assertEquals(m.path(name).asDouble(), means.get(name), TOL, name);
        }
    }

    private static void assertGradient(float[] expected, float[] actual, String name) {
        assertEquals(expected.length, actual.length, name);
        double maxAbs = DpoFixture.maxAbs(expected);
        assertTrue(maxAbs > 0, name + " has an all-zero reference gradient");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL * maxAbs, "gradient of " + name + " at " + i);
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL, what + " row " + i);
        }
    }

    enum Case {
        SIGMOID("sigmoid"), IPO("ipo"), HINGE("hinge"), SIGMOID_SMOOTHED_FTX("sigmoid_smoothed_ftx");

        final String id;

        Case(String id) {
            this.id = id;
        }
    }
}
