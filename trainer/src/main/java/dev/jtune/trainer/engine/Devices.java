package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where training and inference run: the first GPU when DJL's PyTorch engine sees one, else the CPU. */
public final class Devices {

    private Devices() {
    }

    public static Device best() {
        return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }

    /**
     * Sets PyTorch's intra-op CPU threads for this JVM. On a shared or busy machine 1 thread is often several
     * times faster than 2 (OpenMP threads spin while waiting for a core); on an idle machine use the core count.
     */
    public static void cpuThreads(int threads) {
        Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /** "cpu", "gpu", "gpu:1" or "auto". */
    public static Device parse(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("auto")) {
            return best();
        }
        return Device.fromName(name.toLowerCase());
    }
}
