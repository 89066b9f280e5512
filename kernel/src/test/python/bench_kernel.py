"""Benchmark (prints figures, asserts nothing): kernel start to kernel_info reply, and `1 + 1` round trips.

Run: /usr/bin/python3 kernel/src/test/python/bench_kernel.py [RUNS]   (the "jtune" kernelspec must be installed)
"""
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def main():
    km = KernelManager(kernel_name="jtune")
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    start_s = time.perf_counter() - started
    try:
        kc.execute_interactive("1 + 1", timeout=60)  # first cell after start
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            reply = kc.execute_interactive("1 + 1", timeout=30, output_hook=lambda msg: None)
            times.append((time.perf_counter() - t) * 1000)
            assert reply["content"]["status"] == "ok"
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"kernel start -> kernel_info reply: {start_s:.2f} s")
        print(f"`1 + 1` round trip over {RUNS} runs (execute -> idle): "
              f"p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, mean {statistics.mean(times):.1f} ms")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
