package dev.jtune.trainer.runtime;

/**
 * How many threads PyTorch uses per CPU op, decided before DJL starts its engine (it reads the setting once).
 *
 * <p>Default 1: the models trained on the CPU here are small (the built-in {@code tiny}), so each op is too short
 * to split, and OpenMP's worker threads spin while they wait for each other. On a busy machine (a notebook server
 * or CI shared by other processes) that spinning cost the tiny quickstart job more than 10× its time (measured:
 * 184 steps in 59 s with one thread, against 80 steps in 279 s with two, load average 7 on 2 cores). Set
 * {@code JTUNE_CPU_THREADS} (or {@code -Dai.djl.pytorch.num_threads}) to use more, e.g. for a larger model on a
 * dedicated CPU machine.
 */
public final class CpuThreads {

    public static final String ENV = "JTUNE_CPU_THREADS";
    static final String INTRA_OP = "ai.djl.pytorch.num_threads";
    static final String INTER_OP = "ai.djl.pytorch.num_interop_threads";

    private CpuThreads() {
    }

    /** Sets DJL's thread properties unless the user set them; no effect once the engine has started. */
    public static void configure() {
        if (System.getProperty(INTRA_OP) != null) {
            return;
        }
        String env = System.getenv(ENV);
        String threads = env != null && env.strip().matches("[1-9][0-9]*") ? env.strip() : "1";
        System.setProperty(INTRA_OP, threads);
        if (System.getProperty(INTER_OP) == null) {
            System.setProperty(INTER_OP, "1");
        }
    }
}
