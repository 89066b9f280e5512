"""Jobs on a real Slurm from a notebook, through a real Jupyter client: %cluster add, %finetune --cluster with the
live display and a succeeded end, %chat of the remote job, %jobs stop ending a second job stopped with a
checkpoint, %jobs logs with the scheduler's output; the same through slurmrestd (REST backend, JWT); and bad input
(unknown cluster, wrong token, unreachable slurmrestd, unknown partition, unwritable workdir) refused with a
sentence, no job folder left and the kernel alive. Slurm runs on 127.0.0.1 for the test (local_slurm.py).

Run: /usr/bin/python3 -m unittest -v test_cluster_jobs   (as root; install/setup.sh test installs Slurm)
"""
import os
import re
import socket
import tempfile
import time
import unittest

import kernel_cells
import local_slurm

TIMEOUT = 300
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
DATA = os.path.join(ROOT, "notebooks", "data", "intents-train.jsonl")
TINY_LLAMA = os.path.join(ROOT, "trainer", "src", "test", "fixtures", "tiny-llama3")
# Made by the trainer's TrlOnSlurmTest (mvn test runs before these tests): trl 1.13, torch 2.13.0 CPU, peft, ...
TRL_VENV = os.path.join(ROOT, "trainer", "target", "trl-venv")


class ClusterJobsFromANotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = None
        cls.cwd = tempfile.mkdtemp(prefix="jtune-cluster-")
        cls.slurm_dir, settings = local_slurm.start()
        cls.saved_env = {k: os.environ.get(k) for k in ("SLURM_CONF", "JTUNE_TEST_TOKEN", "JTUNE_WRONG_TOKEN")}
        try:
            # the kernel inherits these: the Slurm commands find the test's slurm.conf, REST reads its token
            os.environ["SLURM_CONF"] = settings["SLURM_CONF"]
            token = settings["JTUNE_TEST_SLURM_TOKEN"]
            os.environ["JTUNE_TEST_TOKEN"] = token
            os.environ["JTUNE_WRONG_TOKEN"] = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
            cls.rest = settings["JTUNE_TEST_SLURM_REST"]
            cls.shared = os.path.join(cls.slurm_dir, "shared")
            cls.km, cls.kc = kernel_cells.start_kernel(cls.cwd)
            cls.run_cell_static(f"%dataset load {DATA} --name intents --val-ratio 0.1")
            cls.run_cell_static(f"%cluster add local --slurm --workdir {cls.shared}")
            cls.run_cell_static(f"%cluster add rest --slurm --workdir {cls.shared} --rest {cls.rest} "
                                "--token-env JTUNE_TEST_TOKEN")
        except BaseException:
            cls.tearDownClass()  # unittest does not call it when setUpClass fails
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.km is not None:
                kernel_cells.stop_kernel(cls.km, cls.kc, cls.cwd)
        finally:
            local_slurm.stop(cls.slurm_dir)
            for k, v in cls.saved_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    @classmethod
    def run_cell_static(cls, code):
        reply, outputs = kernel_cells.run_cell(cls.kc, code, TIMEOUT)
        assert reply["status"] == "ok", (code, reply)
        return reply, outputs

    def run_cell(self, code):
        reply, outputs = kernel_cells.run_cell(self.kc, code, TIMEOUT)
        return reply, outputs, kernel_cells.shown_text(outputs)

    def assertKernelAlive(self):
        reply, _, shown = self.run_cell("%cluster list")
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("local", shown)

    def local_jobs(self):
        folder = os.path.join(self.cwd, "jtune-workspace", "jobs")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def wait_for_state(self, job, pattern, seconds=180):
        deadline = time.time() + seconds
        shown = ""
        while time.time() < deadline:
            _, _, shown = self.run_cell("%jobs")
            if re.search(job + r" \(.*?\)\s.*" + pattern, shown):
                return shown
            time.sleep(1)
        self.fail(f"{job} never matched {pattern}: {shown}")

    def test_1_a_job_trains_on_the_cluster_with_live_progress_and_chats(self):
        reply, outputs, shown = self.run_cell(
            "%finetune --base tiny --data intents --cluster local --engine jtune --max-steps 40 --name on-slurm")
        self.assertEqual("ok", reply["status"], reply)
        self.assertRegex(shown, r"Submitted on-slurm to cluster local \(Slurm job \d+, engine jtune\)")
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertGreater(len(updates), 1, "the progress display was redrawn while the job trained")
        self.assertIn("40", "\n".join(m["content"]["data"].get("text/plain", "") for m in updates[-1:]))
        listing = self.wait_for_state("on-slurm", "succeeded", 30)
        self.assertRegex(listing, r"on-slurm \(local, Slurm \d+\)")
        self.assertTrue(os.path.islink(os.path.join(self.cwd, "jtune-workspace", "jobs", "on-slurm")))
        self.assertTrue(os.path.isfile(os.path.join(self.shared, "jobs", "on-slurm", "job.sbatch")))
        reply, _, shown = self.run_cell('%chat on-slurm --max-new-tokens 4 "my card was stolen"')
        self.assertEqual("ok", reply["status"], reply)
        self.assertTrue(shown.strip(), "the remote job's checkpoint answered")
        reply, outputs, _ = self.run_cell("%loss on-slurm")
        self.assertEqual("ok", reply["status"], reply)
        self.assertTrue(any("image/png" in m["content"].get("data", {}) or "text/html" in m["content"].get("data", {})
                            for m in outputs if m["msg_type"] == "display_data"), "a loss chart was shown")
        reply, _, shown = self.run_cell("%eval on-slurm --data intents --limit 4 --metric exact")
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("on-slurm", shown)
        reply, _, shown = self.run_cell("%publish on-slurm --step 40 --name from-slurm")
        self.assertEqual("ok", reply["status"], reply)
        self.assertTrue(os.path.isfile(os.path.join(self.cwd, "jtune-workspace", "models", "from-slurm",
                                                    "config.json")))
        reply, _, shown = self.run_cell("%jobs logs on-slurm")
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("jtune job on-slurm on", shown)  # the batch script's first line, from Slurm's output file

    def test_2_jobs_stop_ends_a_cluster_job_stopped_with_a_checkpoint(self):
        reply, _, shown = self.run_cell("%finetune --base tiny --data intents --cluster local --max-steps 2000 "
                                        "--save-steps 1000 --name to-stop --background")
        self.assertEqual("ok", reply["status"], reply)
        self.wait_for_state("to-stop", r"running\s+[1-9]")
        reply, _, shown = self.run_cell("%jobs stop to-stop")
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("it trains on cluster local", shown)
        self.wait_for_state("to-stop", "stopped")
        reply, _, shown = self.run_cell("%jobs show to-stop")
        self.assertRegex(shown, r"checkpoint-\d+")

    def test_3_the_rest_backend_runs_a_job_too(self):
        reply, _, shown = self.run_cell("%finetune --base tiny --data intents --cluster rest --max-steps 4 "
                                        "--name over-rest")
        self.assertEqual("ok", reply["status"], reply)
        self.assertRegex(shown, r"Submitted over-rest to cluster rest \(Slurm job \d+")
        self.wait_for_state("over-rest", "succeeded", 30)

    def test_5_trl_trains_on_two_ranks_and_its_adapter_chats(self):
        self.assertTrue(os.path.isfile(os.path.join(TRL_VENV, ".complete")),
                        f"{TRL_VENV} is missing: run mvn -pl trainer test -Dtest=TrlOnSlurmTest first")
        self.run_cell_static(f"%cluster add trl --slurm --workdir {self.shared} --venv {TRL_VENV}")
        reply, outputs, shown = self.run_cell(
            f"%finetune --base {TINY_LLAMA} --data intents --cluster trl --engine trl --max-steps 4 --save-steps 2 "
            "--batch-size 2 --max-seq-len 64 --max-samples 16 --log-steps 1 --name trl-run")
        self.assertEqual("ok", reply["status"], reply)
        self.assertRegex(shown, r"Submitted trl-run to cluster trl \(Slurm job \d+, engine trl\)")
        self.assertRegex(shown, r"checkpoint-2")  # the checkpoint table: complete HF checkpoints of the run
        self.assertRegex(shown, r"checkpoint-4")
        self.wait_for_state("trl-run", "succeeded", 30)
        reply, _, shown = self.run_cell('%chat trl-run:4 --max-new-tokens 4 "my card was stolen"')
        self.assertEqual("ok", reply["status"], reply)
        self.assertTrue(shown.strip(), "the PEFT adapter TRL wrote answered")

    def test_6_a_restarted_kernel_finds_the_cluster_jobs(self):
        km, kc = kernel_cells.start_kernel(self.cwd)
        try:
            reply, outputs = kernel_cells.run_cell(kc, "%jobs", TIMEOUT)
            self.assertEqual("ok", reply["status"], reply)
            self.assertRegex(kernel_cells.shown_text(outputs), r"on-slurm \(local, Slurm \d+\)\s.*succeeded")
            reply, outputs = kernel_cells.run_cell(kc, '%chat on-slurm --max-new-tokens 4 "hello"', TIMEOUT)
            self.assertEqual("ok", reply["status"], reply)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def assertRefused(self, code, *fragments):
        before = self.local_jobs()
        reply, _, shown = self.run_cell(code)
        self.assertEqual("error", reply["status"], reply)
        message = reply["evalue"]
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertNotIn("\tat dev.jtune", "\n".join(reply.get("traceback", [])))
        self.assertEqual(before, self.local_jobs(), "no job folder was left")
        self.assertKernelAlive()

    def test_4_bad_input_is_refused_with_a_sentence(self):
        job = "%finetune --base tiny --data intents --max-steps 2 --cluster "
        self.assertRefused(job + "nowhere", "no cluster of that name", "%cluster add nowhere")
        self.run_cell_static(f"%cluster add wrongtoken --slurm --workdir {self.shared} --rest {self.rest} "
                             "--token-env JTUNE_WRONG_TOKEN")
        self.assertRefused(job + "wrongtoken", "token")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        self.run_cell_static(f"%cluster add far --slurm --workdir {self.shared} --rest http://127.0.0.1:{closed} "
                             "--token-env JTUNE_TEST_TOKEN")
        self.assertRefused(job + "far", "did not answer")
        self.run_cell_static(f"%cluster add nopart --slurm --workdir {self.shared} --partition gpu-huge")
        self.assertRefused(job + "nopart", "refused the job", "nvalid partition")
        self.assertRefused(job + "local --gpus-per-node 2", "refused the job")  # the node has no GPUs
        blocked = os.path.join(self.slurm_dir, "blocked")
        os.makedirs(blocked)
        open(os.path.join(blocked, "jobs"), "w").close()  # a file where the jobs folder must go
        self.run_cell_static(f"%cluster add ro --slurm --workdir {blocked}")
        self.assertRefused(job + "ro", "not writable", "--workdir")
        self.assertRefused("%finetune --base tiny --data intents --engine trl", "--cluster NAME")


if __name__ == "__main__":
    unittest.main()
