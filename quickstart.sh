#!/usr/bin/env bash
# The main job: build JTune, install the "jtune" kernel for this user, and run notebooks/quickstart.ipynb headless
# (load the sample intents data, fine-tune the built-in tiny model on the CPU, plot, publish, chat, evaluate).
# Installs the Debian packages it needs first when they are missing (install/setup.sh).
# Writes notebooks/out/quickstart.ipynb (executed) and notebooks/out/quickstart.html, then checks them.
#   ./quickstart.sh             (about 2 minutes after the first build on 2 cores)
#   ./quickstart.sh --rebuild   rebuild first (after pulling new code)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/install/setup.sh" quickstart
"$ROOT/install/install.sh" --user "$@"
"$ROOT/notebooks/tests/run_quickstart.sh"
