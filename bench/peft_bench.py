"""The PEFT side of bench/compare.sh: HF transformers + PEFT LoRA training steps on random weights, printing the
same lines as jtune-bench (throughput, step time, RSS after loading, peak RSS) so the two can be compared.

    python peft_bench.py --config CONFIG_JSON -b B -t T [-n STEPS] [--attn eager|sdpa] [--grad-checkpointing]
"""
import argparse
import json
import os
import re
import resource
import statistics
import time


def java_random_ints(seed, count, bound):
    """java.util.Random(seed).nextInt(bound), count times: the tokens jtune-bench trains on."""
    mask = (1 << 48) - 1
    state = (seed ^ 0x5DEECE66D) & mask

    def next31():
        nonlocal state
        state = (state * 0x5DEECE66D + 0xB) & mask
        return state >> 17

    out = []
    while len(out) < count:
        if bound & (bound - 1) == 0:
            out.append((bound * next31()) >> 31)
            continue
        while True:
            bits = next31()
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                break
        out.append(val)
    return out


def rss_gib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    p.add_argument("-b", "--batch", type=int, default=8)
    p.add_argument("-t", "--seq", type=int, default=128)
    p.add_argument("-n", "--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("-r", "--rank", type=int, default=16)
    p.add_argument("--attn", default="sdpa", choices=["eager", "sdpa"])
    p.add_argument("--grad-checkpointing", action="store_true")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()

    import torch
    torch.set_num_threads(a.threads)
    import transformers
    import peft
    from transformers import AutoConfig, AutoModelForCausalLM

    found = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    blas = found.group(1) if found else "unknown"
    print(f"engine: PyTorch {torch.__version__} (BLAS {blas}, MKL {torch.backends.mkl.is_available()}), "
          f"{torch.get_num_threads()} intra-op thread(s); transformers {transformers.__version__}, "
          f"peft {peft.__version__}")
    raw = json.load(open(a.config))
    model_type = raw.pop("model_type")
    config = AutoConfig.for_model(model_type, **raw)
    torch.manual_seed(7)
    model = AutoModelForCausalLM.from_config(config, attn_implementation=a.attn, dtype=torch.float32)
    model.config.use_cache = False
    lora = peft.LoraConfig(r=a.rank, lora_alpha=2 * a.rank, lora_dropout=0.0, target_modules="all-linear",
                           task_type="CAUSAL_LM")
    model = peft.get_peft_model(model, lora)
    if a.grad_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    total = sum(p.numel() for p in model.parameters())
    print(f"model {model_type} ({config.num_hidden_layers} layers, hidden {config.hidden_size}, vocab "
          f"{config.vocab_size}), attention {a.attn}, gradient checkpointing {a.grad_checkpointing}, "
          f"batch {a.batch} x {a.seq} tokens")
    print(f"parameters: {total:,} total, {sum(p.numel() for p in trainable):,} trainable")
    print(f"memory after loading: process RSS {rss_gib('VmRSS:'):.2f} GiB")
    ids = torch.tensor(java_random_ints(1, a.batch * a.seq, config.vocab_size)).reshape(a.batch, a.seq)
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.0)

    def step():
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    cpu = []
    loss = float("nan")
    for _ in range(a.steps):
        start = time.perf_counter()
        cpu_start = time.process_time()
        loss = step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    median = statistics.median(times)
    print(f"step time: mean {statistics.mean(times) * 1e3:.1f} ms, median {median * 1e3:.1f} ms, "
          f"min {min(times) * 1e3:.1f} ms (last loss {loss:.4f})")
    print(f"throughput: {a.batch * a.seq / median:.1f} tokens/s (median step)")
    # Process CPU time: what a step costs when other processes share the cores and stretch wall time.
    print(f"cpu throughput: {a.batch * a.seq * len(cpu) / sum(cpu):.1f} tokens per CPU-second (timed steps together)")
    print(f"peak memory: process peak RSS {rss_gib('VmHWM:'):.2f} GiB")


if __name__ == "__main__":
    main()
