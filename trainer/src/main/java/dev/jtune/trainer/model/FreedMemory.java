package dev.jtune.trainer.model;

/**
 * Gives memory that libtorch has freed back to the operating system (glibc's {@code malloc_trim(0)}): glibc keeps
 * freed blocks in its heap for reuse, so after a phase whose tensors have other sizes than the next phase's the
 * process holds both phases' high-water marks. Called between phases, not per op: the pages given back are faulted
 * in again when reused. Only for CPU tensors (GPU memory is the caching allocator's); a no-op without glibc. JNA
 * comes with DJL's api.
 *
 * <p>qwen2.5-0.5b, batch 1 × 512, recompute, 1 thread: peak RSS − RSS after loading 1.2–1.4 GiB without it, 0.6
 * GiB with it after each layer, at no measurable cost per step; setting MALLOC_MMAP_THRESHOLD_=4194304 instead
 * gave 0.5 GiB but steps ~25% slower (every large tensor mapped and faulted in afresh).
 */
final class FreedMemory {

    private static final com.sun.jna.Function TRIM = find();

    private FreedMemory() {
    }

    private static com.sun.jna.Function find() {
        try {
            return com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether giving back is worth its cost after freeing about {@code bytes}: a call takes ~10–20 ms (glibc walks
     * every arena) and what it gives back is faulted in again, so for a small model's layers (tiny: ~8 MiB) it
     * only slows the step (by 40% there), while at 0.5B parameters × 512 tokens (~80 MiB a layer) it halves peak
     * RSS for ~12%. Never for GPU tensors (their memory is the caching allocator's).
     */
    static boolean worthIt(ai.djl.Device device, long bytes) {
        return TRIM != null && !device.isGpu() && bytes >= 32L << 20;
    }

    static void giveBack() {
        if (TRIM != null) {
            TRIM.invokeInt(new Object[] {0});
        }
    }
}
