#!/usr/bin/env bash
# Executes notebooks/quickstart.ipynb headless on the installed "jtune" kernel, in a fresh copy (so its
# workspace starts empty and the user's notebooks/jtune-workspace is left alone), exports it to HTML and checks
# the result with tests/test_quickstart.py.
#   notebooks/tests/run_quickstart.sh      -> notebooks/out/quickstart.ipynb and notebooks/out/quickstart.html
set -euo pipefail
NOTEBOOKS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$NOTEBOOKS/out"
RUN="$OUT/run"
rm -rf "$RUN"
mkdir -p "$RUN"
cp "$NOTEBOOKS/quickstart.ipynb" "$RUN/"
cp -r "$NOTEBOOKS/data" "$RUN/data"
start=$(date +%s)
jupyter nbconvert --to notebook --execute "$RUN/quickstart.ipynb" --output-dir "$OUT" --output quickstart \
  --ExecutePreprocessor.kernel_name=jtune --ExecutePreprocessor.timeout=1800
echo "quickstart executed in $(( $(date +%s) - start )) s" >&2
jupyter nbconvert --to html "$OUT/quickstart.ipynb" --output-dir "$OUT" >/dev/null
JTUNE_NOTEBOOK_DIR="$RUN" /usr/bin/python3 "$NOTEBOOKS/tests/test_quickstart.py" "$OUT/quickstart.ipynb"
echo "Executed notebook: $OUT/quickstart.ipynb   HTML: $OUT/quickstart.html" >&2
