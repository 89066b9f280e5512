#!/usr/bin/env bash
# The project's tests: Maven tests of every module, then the kernel end to end through Jupyter
# (protocol tests, the hello notebook), installed into a throw-away Jupyter data dir.
#   ./test.sh            all of it
#   JTUNE_BENCH=1 ./test.sh   also print the kernel benchmark figures
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export OPT_OUT_TRACKING=true

mvn -B -q test
mvn -B -q -DskipTests package

JUPYTER_DATA_DIR="$(mktemp -d)"
export JUPYTER_DATA_DIR
trap 'rm -rf "$JUPYTER_DATA_DIR"' EXIT
install/install.sh --user

(cd kernel/src/test/python && /usr/bin/python3 -m unittest -v test_jtune_kernel)

# Interrupts are implemented differently before and after JDK 20 (Thread.stop): test a newer JDK when present.
NEWER_JDK="${JTUNE_NEWER_JDK:-$(ls -d /usr/lib/jvm/temurin-2[1-9]-jdk-* /usr/lib/jvm/java-2[1-9]-openjdk-* 2>/dev/null | head -n 1 || true)}"
if [[ -n "$NEWER_JDK" && -x "$NEWER_JDK/bin/java" ]]; then
  echo "Interrupt tests on $NEWER_JDK" >&2
  (cd kernel/src/test/python && JTUNE_TEST_JAVA_HOME="$NEWER_JDK" /usr/bin/python3 -m unittest -v \
    test_jtune_kernel.JTuneBehaviourTests.test_interrupt_busy_loop_keeps_state \
    test_jtune_kernel.JTuneBehaviourTests.test_interrupt_blocking_sleep \
    test_jtune_kernel.JTuneBehaviourTests.test_state_is_kept_between_cells)
fi

OUT="$(mktemp -d)"
jupyter nbconvert --to notebook --execute notebooks/hello.ipynb --output-dir "$OUT" \
  --ExecutePreprocessor.timeout=300
rm -rf "$OUT"

if [[ "${JTUNE_BENCH:-0}" == 1 ]]; then
  /usr/bin/python3 kernel/src/test/python/bench_kernel.py 200
fi
echo "All tests passed." >&2
