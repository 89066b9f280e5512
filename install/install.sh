#!/usr/bin/env bash
# Builds JTune if needed and installs the Jupyter kernelspec "jtune" (display name "Java (JTune)").
#
#   install/install.sh                 # for this user (default, same as --user)
#   install/install.sh --sys-prefix    # into the current Python environment (sys.prefix)
#   install/install.sh --prefix DIR    # into DIR/share/jupyter/kernels/jtune
#   install/install.sh --rebuild       # run the Maven build even if it looks done
#   install/install.sh --uninstall     # remove it (same as: jupyter kernelspec uninstall jtune)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=jtune
WHERE=(--user)
UNINSTALL=false
REBUILD=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) WHERE=(--user) ;;
    --sys-prefix) WHERE=(--sys-prefix) ;;
    --prefix) [[ $# -ge 2 ]] || { echo "--prefix needs a directory, e.g. --prefix /opt/jupyter" >&2; exit 2; }
              WHERE=(--prefix "$2"); shift ;;
    --prefix=*) WHERE=(--prefix "${1#--prefix=}") ;;
    --uninstall) UNINSTALL=true ;;
    --rebuild) REBUILD=true ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "Unknown option '$1'. Options: --user, --sys-prefix, --prefix DIR, --rebuild, --uninstall." >&2; exit 2 ;;
  esac
  shift
done

command -v jupyter >/dev/null || { echo "jupyter is not on PATH; install Jupyter first (e.g. apt-get install jupyter-client or pip install jupyterlab)." >&2; exit 1; }

if $UNINSTALL; then
  jupyter kernelspec uninstall -y "$NAME"
  exit 0
fi

if $REBUILD || ! compgen -G "$ROOT/magics/target/lib/*.jar" >/dev/null || ! compgen -G "$ROOT/magics/target/jtune-magics-*.jar" >/dev/null; then
  command -v mvn >/dev/null || { echo "Maven (mvn) is needed to build JTune: apt-get install maven" >&2; exit 1; }
  echo "Building JTune (mvn package)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi

SPEC="$(mktemp -d)"
trap 'rm -rf "$SPEC"' EXIT
mkdir -p "$SPEC/$NAME"
ROOT="$ROOT" python3 - "$SPEC/$NAME/kernel.json" <<'PY'
import json, os, sys
root = os.environ["ROOT"]
spec = {
    "argv": [os.path.join(root, "install", "jtune-kernel"), "{connection_file}"],
    "display_name": "Java (JTune)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"OPT_OUT_TRACKING": "true"},
    "metadata": {"debugger": False},
}
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=2)
PY
jupyter kernelspec install --replace --name "$NAME" "${WHERE[@]}" "$SPEC/$NAME" >&2
echo "Installed kernel '$NAME' (Java (JTune)). Start it from Jupyter, or: jupyter console --kernel $NAME" >&2
