package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory a step may still take on a device, in bytes: on a GPU the device's free memory; on the CPU the
 * process's native headroom, the smaller of the kernel's MemAvailable and what the cgroup limit leaves.
 * {@link #UNKNOWN} when the device cannot say (e.g. DJL finds no CUDA runtime to ask).
 */
public final class MemoryHeadroom {

    public static final long UNKNOWN = -1;

    private MemoryHeadroom() {
    }

    public static long of(Device device) {
        return device.isGpu() ? gpuFree(device) : cpuAvailable();
    }

    private static long gpuFree(Device device) {
        try {
            var usage = CudaUtils.getGpuMemory(device);
            return usage.getMax() - usage.getCommitted();
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    static long cpuAvailable() {
        long available = meminfoAvailable();
        long limit = cgroupValue("/sys/fs/cgroup/memory.max");
        long used = cgroupValue("/sys/fs/cgroup/memory.current");
        if (limit > 0 && used > 0) {
            available = Math.min(available, limit - used);
        }
        return available;
    }

    private static long meminfoAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: fall through to the JVM's view.
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** A cgroup v2 byte count, or -1 when absent or "max". */
    private static long cgroupValue(String file) {
        try {
            String v = Files.readString(Path.of(file)).trim();
            return v.equals("max") ? -1 : Long.parseLong(v);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
