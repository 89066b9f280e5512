#!/usr/bin/env bash
# The project's tests: Maven tests of every module (JUnit, including the fixture checks and the tiny end-to-end
# accuracy test), then the kernel end to end through Jupyter (protocol tests, magic error replies, the hello
# notebook, the quickstart notebook and its checks), installed into a throw-away Jupyter data dir.
# Installs the Debian packages it needs first when they are missing (install/setup.sh).
#   ./test.sh                  all of it
#   JTUNE_BENCH=1 ./test.sh    also print the kernel benchmark figures
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
install/setup.sh test
export OPT_OUT_TRACKING=true
LOGS="$(mktemp -d)"
JUPYTER_DATA_DIR="$(mktemp -d)"
export JUPYTER_DATA_DIR
trap 'rm -rf "$JUPYTER_DATA_DIR" "$LOGS"' EXIT

# Tests and packaging in one Maven run (the kernel launcher needs the packaged jars).
mvn -B package

install/install.sh --user

# Runs a Python unittest command, keeping its output so the closing summary can count its tests.
python_tests() {
  local name="$1"; shift
  "$@" 2>&1 | tee "$LOGS/$name.log"
}

python_tests kernel bash -c 'cd kernel/src/test/python && /usr/bin/python3 -m unittest -v test_jtune_kernel test_kernel_reliability'

# Interrupts are implemented differently before and after JDK 20 (Thread.stop): test a newer JDK when present.
NEWER_JDK="${JTUNE_NEWER_JDK:-$(ls -d /usr/lib/jvm/temurin-2[1-9]-jdk-* /usr/lib/jvm/java-2[1-9]-openjdk-* 2>/dev/null | head -n 1 || true)}"
if [[ -n "$NEWER_JDK" && -x "$NEWER_JDK/bin/java" ]]; then
  echo "Interrupt tests on $NEWER_JDK" >&2
  python_tests kernel-newer-jdk bash -c "cd kernel/src/test/python && JTUNE_TEST_JAVA_HOME='$NEWER_JDK' \
    /usr/bin/python3 -m unittest -v \
    test_jtune_kernel.JTuneBehaviourTests.test_interrupt_busy_loop_keeps_state \
    test_jtune_kernel.JTuneBehaviourTests.test_interrupt_blocking_sleep \
    test_jtune_kernel.JTuneBehaviourTests.test_state_is_kept_between_cells"
fi

python_tests magics bash -c 'cd magics/src/test/python && /usr/bin/python3 -m unittest -v test_magic_errors test_damaged_jobs test_preference'
# Jobs on a real single-node Slurm started for the test (slurmctld, slurmd, slurmrestd, munge on 127.0.0.1).
python_tests cluster bash -c 'cd magics/src/test/python && /usr/bin/python3 -m unittest -v test_cluster_jobs'

OUT="$(mktemp -d)"
jupyter nbconvert --to notebook --execute notebooks/hello.ipynb --output-dir "$OUT" \
  --ExecutePreprocessor.timeout=300
rm -rf "$OUT"

python_tests quickstart notebooks/tests/run_quickstart.sh

if [[ "${JTUNE_BENCH:-0}" == 1 ]]; then
  /usr/bin/python3 kernel/src/test/python/bench_kernel.py 200
fi

# Reaching this line means nothing failed (set -e); count what ran.
/usr/bin/python3 - "$LOGS" <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
passed = skipped = 0
for report in glob.glob("*/target/surefire-reports/TEST-*.xml"):
    suite = ET.parse(report).getroot()
    total, skip = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
    passed += total - skip - int(suite.get("failures", 0)) - int(suite.get("errors", 0))
    skipped += skip
for log in glob.glob(sys.argv[1] + "/*.log"):
    text = open(log, encoding="utf-8", errors="replace").read()
    for ran in re.findall(r"^Ran (\d+) tests?", text, re.M):
        passed += int(ran)
    for skip in re.findall(r"skipped=(\d+)", text):
        passed -= int(skip)
        skipped += int(skip)
print(f"tests: {passed} passed, 0 failed, {skipped} skipped")
PY
