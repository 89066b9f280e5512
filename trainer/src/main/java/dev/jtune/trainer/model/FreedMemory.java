package dev.jtune.trainer.model;

/**
 * Gives memory that libtorch has freed back to the operating system (glibc's {@code malloc_trim(0)}): glibc keeps
 * freed blocks in its heap for reuse, so after a phase whose tensors have other sizes than the next phase's the
 * process holds both phases' high-water marks. Called between phases, not per op: the pages given back are faulted
 * in again when reused. Only for CPU tensors (GPU memory is the caching allocator's); a no-op without glibc. JNA
 * comes with DJL's api.
 *
 * <p>qwen2.5-0.5b, batch 1 × 512, recompute, 1 thread: peak RSS − RSS after loading 1.3–1.5 GiB without it; 0.5
 * GiB giving back after every layer, but steps 10% slower (the pages are faulted in again by the next layer); 0.6
 * GiB giving back after every 4th layer (about 256 MiB freed), for 1–2%. MALLOC_MMAP_THRESHOLD_=4194304 instead
 * gave 0.5 GiB but steps ~25% slower (every large tensor mapped and faulted in afresh). With the direct LM-head
 * gradient and huge pages (install/jvm-env.sh), 2 cores: every 256 MiB 14.2–17.0 tokens/s at 0.51–0.54 GiB over
 * loading, every 1 GiB 15.7–15.8 at 0.75–0.77, never 15.1–16.2 at 0.96–0.97: giving back less often bought no
 * speed.
 */
final class FreedMemory {

    private static final com.sun.jna.Function TRIM = find();
    /** Memory worth giving back at once: less costs more in faulting pages in again than it saves at peak. */
    private static final long GIVE_BACK_BYTES = 256L << 20;

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
     * only slows the step (by 40% there), while at 0.5B parameters × 512 tokens (~80 MiB a layer, given back every
     * 4th layer) it halves peak RSS for 1–2%. Never for GPU tensors (their memory is the caching allocator's).
     */
    static boolean worthIt(ai.djl.Device device, long bytes) {
        return TRIM != null && !device.isGpu() && bytes >= 32L << 20;
    }

    /**
     * Every how many phases to give back when each phase frees about {@code bytes}: at least
     * {@link #GIVE_BACK_BYTES} at a time.
     */
    static int phasesPerGiveBack(long bytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (GIVE_BACK_BYTES + bytes - 1) / Math.max(1, bytes)));
    }

    static void giveBack() {
        if (TRIM != null) {
            TRIM.invokeInt(new Object[] {0});
        }
    }
}
