package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the tokens seen so far, per layer, laid out [rows, kvHeads, T, headDim], for incremental
 * decoding. Owns its arrays in its own manager; old arrays are closed as the cache grows.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens cached so far. */
    public int length() {
        return length;
    }

    /** Appends this step's keys/values of one layer and returns the full keys and values. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray newK = keys[layer] == null ? k : keys[layer].concat(k, 2);
        NDArray newV = values[layer] == null ? v : values[layer].concat(v, 2);
        newK.attach(manager);
        newV.attach(manager);
        // The step's NDScope must not close what the cache keeps for the next step.
        NDScope.unregister(newK, newV);
        if (keys[layer] != null && keys[layer] != newK) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = newK;
        values[layer] = newV;
        return new NDArray[] {newK, newV};
    }

    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
