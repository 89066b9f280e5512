package dev.jtune.trainer.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference model's log-probability of every sequence a preference job trains and validates on, computed once
 * before training: the full-update reference without a second copy of the weights. A sequence is known by a hash of
 * its tokens and their weights (padding excluded), so it is found in any batch, in any order, after a resume.
 */
public final class PrecomputedReference {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Double> logps;

    public PrecomputedReference(Map<String, Double> logps) {
        this.logps = new LinkedHashMap<>(logps);
    }

    /** The key of row {@code row} of {@code batch}: SHA-256 of its non-padding tokens and loss weights. */
    public static String key(Batch batch, int row) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (int t = 0; t < batch.sequenceLength(); t++) {
                if (batch.segmentIds()[row][t] == 0) {
                    continue;
                }
                buf.clear();
                buf.putInt(batch.inputIds()[row][t]).putFloat(batch.weights()[row][t]);
                sha.update(buf.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the rows of {@code batch} with their reference log-probs. */
    public void put(Batch batch, double[] rowLogps) {
        for (int r = 0; r < batch.rows(); r++) {
            logps.put(key(batch, r), rowLogps[r]);
        }
    }

    /** The reference log-probs of every row of {@code batch}. */
    public double[] of(Batch batch) {
        double[] out = new double[batch.rows()];
        for (int r = 0; r < out.length; r++) {
            Double v = logps.get(key(batch, r));
            if (v == null) {
                throw new IllegalStateException("no precomputed reference log-probability for row " + r
                        + " of a batch: the data changed since the reference was computed");
            }
            out[r] = v;
        }
        return out;
    }

    public int size() {
        return logps.size();
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode rows = root.putObject("logps");
        logps.forEach(rows::put);
        AtomicFiles.writeString(file, JSON.writeValueAsString(root));
    }

    public static PrecomputedReference read(Path file) throws IOException {
        Map<String, Double> logps = new LinkedHashMap<>();
        JSON.readTree(file.toFile()).path("logps").fields()
                .forEachRemaining(e -> logps.put(e.getKey(), e.getValue().asDouble()));
        return new PrecomputedReference(logps);
    }
}
