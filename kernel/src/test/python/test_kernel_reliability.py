"""The kernel's protocol edges, through a real Jupyter client: a replayed signed message is not run twice, a
comm_open to an unknown target is answered with comm_close, and the kernel exits when the process that launched
it dies (no orphan holding ports, memory and jobs).

Run: /usr/bin/python3 -m unittest -v test_kernel_reliability   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the spec)
"""
import json
import os
import signal
import subprocess
import sys
import time
import unittest
import uuid
from queue import Empty

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30

LAUNCHER = r"""
import json, sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="jtune")
km.start_kernel()
print(json.dumps({"connection_file": km.connection_file, "pid": km.provisioner.pid}), flush=True)
time.sleep(600)
"""


def process_ended(pid):
    """True when pid is gone or a zombie waiting to be reaped (it has exited either way)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return any(line.startswith("State:") and "Z" in line.split()[1] for line in f)
    except FileNotFoundError:
        return True


class ProtocolEdges(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="jtune", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def run_cell(self, code):
        msg_id = self.kc.execute(code)
        deadline = time.time() + TIMEOUT
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        result = None
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                result = msg["content"]["data"]["text/plain"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], result

    def test_a_replayed_signed_message_runs_once(self):
        reply, _ = self.run_cell("int replays = 0;")
        self.assertEqual("ok", reply["status"], reply)
        info = self.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        try:
            msg = self.kc.session.msg("execute_request", content={
                "code": "replays++;", "silent": False, "store_history": True, "user_expressions": {},
                "allow_stdin": False, "stop_on_error": True})
            frames = self.kc.session.serialize(msg)
            sock.send_multipart(frames)
            self.assertTrue(sock.poll(TIMEOUT * 1000), "no reply to the original message")
            sock.recv_multipart()
            sock.send_multipart(frames)  # the same bytes, signature and all, as a captured message would be
            self.assertEqual(0, sock.poll(1500), "the kernel answered a replayed message")
        finally:
            sock.close()
        _, result = self.run_cell("replays")
        self.assertEqual("1", result, "the replayed message ran again")

    def test_comm_open_to_an_unknown_target_is_closed(self):
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", content={"comm_id": comm_id, "target_name": "no.such.target",
                                                        "data": {}})
        self.kc.shell_channel.send(msg)
        deadline = time.time() + 10
        while True:
            try:
                got = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            except Empty:
                self.fail("no comm_close for a comm_open to an unknown target")
            if got["msg_type"] == "comm_close" and got["content"].get("comm_id") == comm_id:
                self.assertEqual(msg["header"]["msg_id"], got["parent_header"].get("msg_id"))
                return


class OrphanedKernel(unittest.TestCase):
    def test_the_kernel_exits_when_its_launcher_is_killed(self):
        launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdout=subprocess.PIPE, text=True,
                                    start_new_session=True)
        kernel_pid = None
        try:
            line = launcher.stdout.readline()
            self.assertTrue(line, "the launcher did not start a kernel")
            started = json.loads(line)
            kernel_pid = started["pid"]
            client = BlockingKernelClient(connection_file=started["connection_file"])
            client.load_connection_file()
            client.start_channels(hb=False)  # the JVM takes seconds to start: wait for its reply, not its heartbeat
            try:
                msg_id = client.kernel_info()
                while client.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
                    pass
            finally:
                client.stop_channels()
            launcher.send_signal(signal.SIGKILL)
            launcher.wait(timeout=10)
            deadline = time.time() + 20
            while time.time() < deadline and not process_ended(kernel_pid):
                time.sleep(0.2)
            self.assertTrue(process_ended(kernel_pid), "the kernel outlived its launcher by 20 s")
        finally:
            if launcher.poll() is None:
                launcher.kill()
                launcher.wait(timeout=10)
            if kernel_pid is not None and not process_ended(kernel_pid):
                os.kill(kernel_pid, signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
