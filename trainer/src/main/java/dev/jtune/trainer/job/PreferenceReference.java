package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuner;
import dev.jtune.trainer.engine.PrecomputedReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * Fixes a DPO job's reference: the model the job starts from. The engine keeps it itself when it can (the adapter
 * switched off, or a frozen copy of the weights); when a full update has no room for a copy, the reference's
 * log-probs of every training and validation sequence are computed here once, before training, and stored with the
 * job, so a resumed job reads them back instead of needing the starting weights.
 */
final class PreferenceReference {

    /** Stored in the job folder. */
    static final String FILE = "reference-logps.json";

    private PreferenceReference() {
    }

    /**
     * Call after the starting checkpoint is loaded and before a resume's checkpoint is.
     *
     * @param batchesPerEpoch the training batches of one epoch (every pair once)
     * @param stored          where the log-probs are kept, or null to keep them in memory only (plans)
     * @return a sentence for the job's log when the log-probs were precomputed or read back, else null
     */
    static String fix(FineTuner tuner, TrainingData data, long batchesPerEpoch, List<Batch> validation, Path stored)
            throws IOException {
        if (tuner.freezeReference()) {
            return null;
        }
        if (stored != null && Files.isRegularFile(stored)) {
            PrecomputedReference read = PrecomputedReference.read(stored);
            tuner.useReferenceLogps(read);
            return "the reference model's log-probs of " + read.size() + " sequences were read from " + stored;
        }
        PrecomputedReference table = new PrecomputedReference(new HashMap<>());
        for (long i = 0; i < batchesPerEpoch; i++) {
            Batch b = data.batch(0, i);
            table.put(b, tuner.sequenceLogps(b));
        }
        for (Batch b : validation) {
            table.put(b, tuner.sequenceLogps(b));
        }
        if (stored != null) {
            table.write(stored);
        }
        tuner.useReferenceLogps(table);
        return "memory is short for a copy of the weights as DPO's reference, so its log-probs of " + table.size()
                + " sequences were computed once before training" + (stored == null ? "" : " (kept in " + stored + ")");
    }
}
