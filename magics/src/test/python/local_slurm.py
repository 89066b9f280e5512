"""A real single-node Slurm on 127.0.0.1 for a test's duration, through trainer/src/test/slurm/local-slurm.sh (the
same script the Java tests use): start() returns its settings (SLURM_CONF, the slurmrestd URL and a JWT), stop()
ends it, also after a failure. Every wait is bounded by the script (60 s) and by the timeouts here."""
import os
import shutil
import subprocess
import tempfile

SCRIPT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "trainer", "src", "test",
                                      "slurm", "local-slurm.sh"))


def start():
    """Starts Slurm in a new temp folder; returns (folder, settings dict)."""
    folder = tempfile.mkdtemp(prefix="jtune-slurm-")
    os.chmod(folder, 0o755)
    try:
        subprocess.run([SCRIPT, "start", folder], check=True, timeout=120, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        stop(folder)
        raise RuntimeError(f"local Slurm did not start: {getattr(e, 'stderr', b'') or b''!r}") from e
    settings = {}
    with open(os.path.join(folder, "env"), encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            settings[key] = value
    return folder, settings


def stop(folder):
    try:
        subprocess.run([SCRIPT, "stop", folder], timeout=120, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
