#!/usr/bin/env bash
# Installs what JTune's two README commands need and are missing, from Debian's packages, and says what it installs.
# Used by ./quickstart.sh, ./test.sh and .ci/run, so all three set up the same way.
#   install/setup.sh quickstart   Java 17+, Maven, Jupyter (client, nbconvert, nbclient, ipykernel)
#   install/setup.sh test         the same plus jupyter_kernel_test for the kernel's protocol tests, and Slurm
#                                 (slurmctld, slurmd, clients, slurmrestd with its JWT plugin, munge) for the cluster
#                                 tests, which start their own single-node Slurm (and an sshd) on 127.0.0.1, and python3-venv
#                                 for the TRL test's virtualenv (installed from the configured pip index)
# Runs apt-get as root directly, else through sudo; without either it prints the exact command and stops.
set -euo pipefail
PURPOSE="${1:-test}"
case "$PURPOSE" in
  quickstart|test) ;;
  *) echo "Unknown purpose '$PURPOSE'. Use: install/setup.sh quickstart|test" >&2; exit 2 ;;
esac

# Each needed thing: a check that it is there, and the Debian package that brings it.
missing=()
need() {  # need PACKAGE CHECK...
  local package="$1"; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$package"); fi
}
java_17_or_newer() {
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ -n "$v" && "${v%%.*}" -ge 17 ]] && command -v javac
}
py_module() { /usr/bin/python3 -c "import $1"; }

need openjdk-17-jdk-headless java_17_or_newer
need maven command -v mvn
need python3 test -x /usr/bin/python3
need jupyter-client command -v jupyter-kernelspec
need jupyter-nbconvert command -v jupyter-nbconvert
need python3-nbclient py_module nbclient
need python3-ipykernel py_module ipykernel
if [[ "$PURPOSE" == test ]]; then
  need python3-jupyter-kernel-test py_module jupyter_kernel_test
  need slurm-wlm command -v slurmctld
  need slurmrestd command -v slurmrestd
  need slurm-wlm-jwt-plugin dpkg -s slurm-wlm-jwt-plugin
  need munge command -v munged
  need openssh-server test -x /usr/sbin/sshd  # the SSH backend's test logs in to 127.0.0.1
  need libb64-0d dpkg -s libb64-0d
  need python3-venv py_module ensurepip  # the TRL test's virtualenv
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

command=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ "$(id -u)" == 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "JTune needs these Debian packages, which are not installed: ${missing[*]}" >&2
  echo "Install them as root, then run this again:" >&2
  echo "  sudo apt-get update && sudo ${command[*]}" >&2
  exit 1
fi
echo "Installing the missing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q >&2
"${SUDO[@]}" "${command[@]}" >&2
