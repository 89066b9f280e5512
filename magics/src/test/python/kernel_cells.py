"""Running cells on a real JTune kernel from unittest: start one in a folder, execute a cell, collect what it sent.
Shared by the magics' Python suites so each waits the same way (every wait has a timeout)."""
import os
import shutil
from queue import Empty

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def start_kernel(cwd):
    """A jtune kernel working in cwd, with the workspace next to it (JTUNE_HOME unset)."""
    env = dict(os.environ)
    env.pop("JTUNE_HOME", None)
    return start_new_kernel(kernel_name="jtune", cwd=cwd, env=env, startup_timeout=90)


def stop_kernel(km, kc, cwd):
    """Ends a kernel from start_kernel and removes its folder."""
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    shutil.rmtree(cwd, ignore_errors=True)


def run_cell(kc, code, timeout=TIMEOUT):
    """Executes code; returns (reply content, iopub messages of that request up to its idle status)."""
    # stop_on_error=False: each cell here is independent, a failing one must not abort the next.
    msg_id = kc.execute(code, stop_on_error=False)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    outputs = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def shown_text(outputs):
    """The plain text of what the cell displayed and printed."""
    shown = []
    for msg in outputs:
        if msg["msg_type"] in ("display_data", "execute_result"):
            shown.append(msg["content"]["data"].get("text/plain", ""))
        elif msg["msg_type"] == "stream":
            shown.append(msg["content"]["text"])
    return "\n".join(shown)
