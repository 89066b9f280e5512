#!/usr/bin/env bash
# JTune against the tool a user would pick instead, side by side on this machine:
#   bench/compare.sh MODEL B T        e.g. bench/compare.sh qwen2.5-0.5b 1 512
# MODEL is a jtune-bench preset (tiny, qwen2.5-0.5b, llama3.2-1b) or a config.json. Both sides train LoRA r16 on all
# linear layers with AdamW and norm clipping, random weights, the same random tokens, one thread each. Runs
# alternate, JTune then PEFT, for ROUNDS rounds; the summary prints medians and JTune/PEFT ratios for PEFT with
# eager and SDPA attention, with and without gradient checkpointing (JTune: --grad-checkpointing off / on).
# Env: ROUNDS (3), STEPS (timed steps per run, 5), WARMUP (1), THREADS (1), VARIANTS (all six run names, in order:
# jtune peft-eager peft-sdpa jtune-gc peft-eager-gc peft-sdpa-gc), BENCH_VENV (default target/bench-venv),
# JTUNE_CLASSES (the trainer's compiled classes; default trainer/target/classes, e.g. a copy to keep rebuilding).
# The Python side (torch==2.13.0, transformers, peft, accelerate) is installed into BENCH_VENV from the local
# package index that `pip config list` names; without one the script says how to get the packages and stops.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# == 3 ]] || { sed -n '2,3p' "$0" | sed 's/^# //'; exit 2; }
MODEL="$1"; B="$2"; T="$3"
ROUNDS="${ROUNDS:-3}"; STEPS="${STEPS:-5}"; WARMUP="${WARMUP:-1}"; THREADS="${THREADS:-1}"
VARIANTS="${VARIANTS:-jtune peft-eager peft-sdpa jtune-gc peft-eager-gc peft-sdpa-gc}"
VENV="${BENCH_VENV:-$ROOT/target/bench-venv}"
OUTDIR="$ROOT/target/bench-compare/$(date -u +%Y%m%dT%H%M%SZ)"
export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"

# ---- the Python side, from the machine's local index ----
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import torch, transformers, peft' 2>/dev/null; then
  config="$(pip config list 2>/dev/null || true)"
  urls="$(grep -oE "file://[^' ]+" <<<"$config" | grep -v wheels || true)"
  links="$(grep -E "find-links" <<<"$config" | grep -oE "'[^']+'" | tr -d "'" | head -1 || true)"
  if [[ -z "$urls" ]]; then
    cat >&2 <<MSG
No local Python package index is configured (pip config list names none), and $VENV has no torch/transformers/peft.
Get the packages into that virtualenv yourself, then rerun:
  python3 -m venv $VENV
  $VENV/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
  $VENV/bin/pip install 'transformers==5.17.*' 'peft==0.21.*' accelerate
(or point BENCH_VENV at a virtualenv that has them).
MSG
    exit 3
  fi
  index="$(head -1 <<<"$urls")"
  extra=(); for u in $(tail -n +2 <<<"$urls"); do extra+=(--extra-index-url "$u"); done
  [[ -n "$links" ]] && extra+=(--find-links "$links")
  echo "installing the PEFT side into $VENV from $index ${extra[*]}"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --index-url "$index" "${extra[@]}" torch==2.13.0 transformers peft accelerate
fi

# ---- the JTune side: the trainer's classes and dependencies, built offline ----
CPFILE="$ROOT/trainer/target/bench-classpath.txt"
if [[ ! -d "$ROOT/trainer/target/classes/dev" || ! -f "$CPFILE" ]]; then
  (cd "$ROOT" && mvn -B -o -q -pl trainer compile dependency:build-classpath -Dmdep.outputFile="$CPFILE")
fi
CP="${JTUNE_CLASSES:-$ROOT/trainer/target/classes}:$(cat "$CPFILE")"
jtune() {
  # In a subshell: the JVM's environment (jvm-env.sh) is not the Python side's.
  (source "$ROOT/install/jvm-env.sh" && exec java "${JTUNE_JVM_FLAGS[@]}" -cp "$CP" \
    dev.jtune.trainer.bench.TrainBenchmark "$@")
}
mkdir -p "$OUTDIR"
jtune -m "$MODEL" --print-config > "$OUTDIR/config.json"

"$VENV/bin/python" -c 'import torch; print("PEFT: PyTorch", torch.__version__, "at", torch.__file__)'
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; results in $OUTDIR"

run() {
  local name="$1" round="$2" log="$OUTDIR/$1-$2.log"
  local common=(-b "$B" -t "$T" -n "$STEPS" --warmup "$WARMUP" --threads "$THREADS")
  case "$name" in
    jtune) jtune -m "$MODEL" "${common[@]}" --grad-checkpointing off ;;
    jtune-gc) jtune -m "$MODEL" "${common[@]}" --grad-checkpointing on ;;
    peft-eager) "$VENV/bin/python" "$ROOT/bench/peft_bench.py" --config "$OUTDIR/config.json" "${common[@]}" --attn eager ;;
    peft-sdpa) "$VENV/bin/python" "$ROOT/bench/peft_bench.py" --config "$OUTDIR/config.json" "${common[@]}" --attn sdpa ;;
    peft-eager-gc) "$VENV/bin/python" "$ROOT/bench/peft_bench.py" --config "$OUTDIR/config.json" "${common[@]}" --attn eager --grad-checkpointing ;;
    peft-sdpa-gc) "$VENV/bin/python" "$ROOT/bench/peft_bench.py" --config "$OUTDIR/config.json" "${common[@]}" --attn sdpa --grad-checkpointing ;;
    *) echo "unknown variant $name" >&2; return 2 ;;
  esac > "$log" 2>&1 || { echo "$name (round $round) failed: see $log" >&2; tail -5 "$log" >&2; return 0; }
  local tps cps loaded peak
  tps="$(sed -n 's/^throughput: \([0-9.]*\) tokens\/s.*/\1/p' "$log")"
  cps="$(sed -n 's/^cpu throughput: \([0-9.]*\) tokens.*/\1/p' "$log")"
  loaded="$(sed -n 's/^memory after loading: process RSS \([0-9.]*\) GiB.*/\1/p' "$log")"
  peak="$(sed -n 's/^peak memory: process peak RSS \([0-9.]*\) GiB.*/\1/p' "$log")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "${tps:-nan}" "${loaded:-nan}" "${peak:-nan}" \
    "$(cut -d' ' -f1 /proc/loadavg)" "${cps:-nan}" | tee -a "$OUTDIR/results.tsv"
  grep -m1 '^engine:' "$log" > "$OUTDIR/engine-$name.txt" || true
}

# After the runs: on a fresh machine DJL extracts its libtorch on the first JTune run, not before.
blas_of_djl() {
  local libtorch blas=unknown
  libtorch="$(ls -d "${DJL_CACHE_DIR:-$HOME/.djl.ai}"/pytorch/*cpu*/libtorch_cpu.so 2>/dev/null | head -1 || true)"
  if [[ -n "$libtorch" ]]; then
    if grep -qa "Math Kernel Library" "$libtorch"; then blas=MKL; elif grep -qa -i openblas "$libtorch"; then blas=OpenBLAS; fi
  fi
  echo "JTune: DJL's libtorch ${libtorch:-not found} (BLAS $blas)"
}

printf 'run\tround\ttokens/s\tRSS after loading (GiB)\tpeak RSS (GiB)\tload average\ttokens per CPU-second\n'
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do run "$v" "$round"; done
done
blas_of_djl
for f in "$OUTDIR"/engine-*.txt; do echo "$(basename "$f" .txt | sed 's/^engine-//'): $(cat "$f")"; done

python3 - "$OUTDIR/results.tsv" "$MODEL" "$B" "$T" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
runs = {}
for name, _round, tps, loaded, peak, load, cps in rows:
    runs.setdefault(name, []).append((float(tps), float(loaded), float(peak), float(load), float(cps)))
def med(name, i):
    vals = [r[i] for r in runs.get(name, []) if r[i] == r[i]]
    return statistics.median(vals) if vals else float("nan")
print(f"\nmedians over rounds: {sys.argv[2]}, batch {sys.argv[3]} x {sys.argv[4]}")
print(f"{'run':<15}{'tokens/s':>10}{'per CPU-s':>11}{'RSS loaded':>12}{'peak RSS':>10}{'activations':>13}"
      f"{'load avg':>10}")
for name in runs:
    print(f"{name:<15}{med(name, 0):>10.1f}{med(name, 4):>11.1f}{med(name, 1):>11.2f}G{med(name, 2):>9.2f}G"
          f"{med(name, 2) - med(name, 1):>12.2f}G{med(name, 3):>10.2f}")
print("\ntokens/s is wall time, per CPU-s process CPU time: when the load average exceeds the cores, other")
print("processes stretch wall time unevenly and the CPU-time ratio is the steadier one.")
print("\nJTune / PEFT        tokens/s  per CPU-s  peak RSS  RSS loaded  activations (peak - loaded)")
for j, p in [("jtune", "peft-eager"), ("jtune", "peft-sdpa"), ("jtune-gc", "peft-eager-gc"), ("jtune-gc", "peft-sdpa-gc")]:
    if j in runs and p in runs:
        act_j, act_p = med(j, 2) - med(j, 1), med(p, 2) - med(p, 1)
        print(f"{j + ' / ' + p:<24}{med(j, 0) / med(p, 0):>5.2f}x{med(j, 4) / med(p, 4):>10.2f}x{med(j, 2) / med(p, 2):>9.2f}x"
              f"{med(j, 1) / med(p, 1):>11.2f}x{act_j / act_p:>12.2f}x")
PY
