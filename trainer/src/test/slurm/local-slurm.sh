#!/usr/bin/env bash
# A real single-node Slurm on 127.0.0.1 for one test run, everything under DIR (config, state, logs, keys):
# munged, slurmctld, slurmd, and slurmrestd (JWT auth, as the unprivileged user nobody: it refuses root).
#   local-slurm.sh start DIR   starts it and waits (with a timeout) until the node takes jobs; writes DIR/env
#                              (SLURM_CONF, JTUNE_TEST_SLURM_REST, JTUNE_TEST_SLURM_TOKEN) for the test to source
#   local-slurm.sh stop DIR    stops what start started (by the pids it recorded) and removes nothing else
# Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm, slurmrestd, slurm-wlm-jwt-plugin, munge and
# libb64-0d (install/setup.sh test installs them).# Slurm 22.05 without slurmdbd: no sacct; scontrol show job keeps a finished
# job for MinJobAge seconds, which is why jobs write their own done/failed marker.
set -euo pipefail
ACTION="${1:?start|stop}"
DIR="$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)"
WAIT_S="${JTUNE_SLURM_WAIT_S:-60}"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

stop() {
  # Jobs first (their slurmstepd would outlive slurmd), each wait bounded.
  if [[ -f "$DIR/slurmctld.pid" ]] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
    export SLURM_CONF="$DIR/slurm.conf"
    timeout 10 scancel --full --quiet $(timeout 10 squeue -h -o %i 2>/dev/null) 2>/dev/null || true
    for _ in $(seq 100); do
      [[ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.2
    done
  fi
  for name in slurmrestd slurmd slurmctld munged; do
    if [[ -f "$DIR/$name.pid" ]]; then
      pid="$(cat "$DIR/$name.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$DIR/$name.pid"
    fi
  done
}

give_up_after() {  # give_up_after DEADLINE WHAT: past the deadline, show the logs, stop everything and fail
  if (( SECONDS >= $1 )); then
    echo "Local Slurm did not start within ${WAIT_S}s: $2. Logs in $DIR/log:" >&2
    for log in "$DIR"/log/*; do echo "== $log" >&2; tail -n 15 "$log" >&2; done
    stop; exit 1
  fi
}

start() {
  for tool in munged slurmctld slurmd slurmrestd sbatch scontrol; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: run install/setup.sh test" >&2; exit 1; }
  done
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" "$DIR/log"
  chmod 755 "$DIR"
  # munge: own key and socket (slurm.conf's AuthInfo points Slurm at the socket).
  dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" status=none
  chmod 700 "$DIR/munge"; chmod 400 "$DIR/munge/munge.key"
  munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.sock" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/seed"
  chmod 755 "$DIR/munge"
  # JWT key for slurmctld, readable by it only.
  dd if=/dev/urandom bs=32 count=1 of="$DIR/jwt.key" status=none
  chmod 600 "$DIR/jwt.key"
  local ctld_port slurmd_port rest_port cpus mem
  ctld_port="$(free_port)"; slurmd_port="$(free_port)"; rest_port="$(free_port)"
  cpus="$(nproc)"; mem="$(awk '/MemTotal/ {print int($2/1024/2)}' /proc/meminfo)"
  cat > "$DIR/slurm.conf" <<CONF
ClusterName=jtunetest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.sock
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DIR/jwt.key
CommunicationParameters=EnableIPv6
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/%n
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=300
KillWait=10
SchedulerType=sched/backfill
MailProg=/bin/true
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  chmod 644 "$DIR/slurm.conf"
  export SLURM_CONF="$DIR/slurm.conf"
  slurmctld -i -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  # slurmrestd stays in the foreground; it refuses to run as root, so it runs as nobody.
  SLURM_JWT=daemon setsid slurmrestd -f "$SLURM_CONF" -a rest_auth/jwt -s openapi/v0.0.38 -u nobody -g nogroup \
    "127.0.0.1:$rest_port" >"$DIR/log/slurmrestd.log" 2>&1 < /dev/null &
  echo $! > "$DIR/slurmrestd.pid"
  # Every probe has its own timeout (sinfo retries for long when slurmctld is down), within one deadline.
  local deadline=$((SECONDS + WAIT_S)) token=""
  until timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -qx idle; do
    give_up_after "$deadline" "the node did not become idle"
    sleep 0.2
  done
  until token="$(timeout 5 scontrol token username=root lifespan=7200 2>/dev/null | sed -n 's/^SLURM_JWT=//p')" \
      && [[ -n "$token" ]]; do
    give_up_after "$deadline" "scontrol token gave no token"
    sleep 0.2
  done
  until timeout 5 curl -s -o /dev/null "http://127.0.0.1:$rest_port/"; do
    give_up_after "$deadline" "slurmrestd did not answer"
    sleep 0.2
  done
  cat > "$DIR/env" <<ENV
SLURM_CONF=$DIR/slurm.conf
JTUNE_TEST_SLURM_REST=http://127.0.0.1:$rest_port
JTUNE_TEST_SLURM_TOKEN=$token
ENV
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  *) echo "Unknown action '$ACTION'. Use: local-slurm.sh start|stop DIR" >&2; exit 2 ;;
esac
