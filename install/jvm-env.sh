# Sourced by every script that starts a JVM loading DJL (install/jtune-java, bench/compare.sh): the environment and
# JVM options those processes need, said once. Defines JTUNE_JVM_FLAGS; exports the environment.

# DJL must never try the network: offline mode (below) and no usage tracking.
export OPT_OUT_TRACKING=true
# libtorch allocates and frees tensors of tens of MiB many times a step (a loss chunk's [128, vocab] logits are
# 78 MiB). glibc serves each from a fresh mmap, so every step faults the same memory in again, 4 KiB at a time
# (~14% of a qwen2.5-0.5b step on a 2-core VM). With transparent huge pages on `madvise`, Debian's default,
# glibc's hugetlb=1 asks for 2 MiB pages on those mappings: 3x fewer faults, ~20% faster steps, no more memory.
# Harmless where THP is `always` or `never`, or glibc is older than 2.35 (the tunable is then ignored).
# One arena: the training thread is not the process's main thread, so glibc gave it arenas of 64 MiB mmapped heaps,
# which it shrinks (and so faults in again) as each layer's tensors are freed; the main arena's one heap keeps them.
# qwen2.5-0.5b 1x512, 1 thread, whole run: page faults 2.39 M -> 0.69 M with recompute (15.2 -> 20.0 tokens/s),
# 0.90 M -> 0.12 M without (26.2 -> 30.3), RSS no higher. With 2 intra-op threads it is faster too (qwen 1x256:
# 34-37 -> 45-46 tokens/s; tiny 8x64: 3.8-3.9k -> 4.6-5.5k): the one lock costs less than the faults it saves.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1"
# DJL logs engine probing (e.g. "Failed to detect GPU count") at INFO/WARN; in a notebook that is noise.
JTUNE_JVM_FLAGS=(-Dai.djl.offline=true -Dorg.slf4j.simpleLogger.log.ai.djl=error)
