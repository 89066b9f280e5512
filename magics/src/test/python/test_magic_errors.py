"""Kernel-level tests of the JTune magics: argument mistakes come back as error replies that name the problem
(the flag, the value, the allowed values, the missing dataset or job), never as a Java stack trace, and --help
works on every magic. Runs against the installed kernelspec "jtune".

Run: /usr/bin/python3 -m unittest -v test_magic_errors   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the spec)
The kernel runs in a temporary folder, so its workspace (jtune-workspace/) starts empty.
"""
import os
import shutil
import tempfile
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120
DATASETS = os.environ.get("JTUNE_DATASETS",
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "notebooks", "data"))


class MagicErrorReplies(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cwd = tempfile.mkdtemp(prefix="jtune-magics-test-")
        shutil.copy(os.path.join(DATASETS, "intents-test.jsonl"), cls.cwd)
        with open(os.path.join(cls.cwd, "broken.jsonl"), "w", encoding="utf-8") as f:
            f.write('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
            f.write('{"messages": [{"role": "user", "content": "hi"}\n')
            f.write('{"messages": [{"role": "bot", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
        env = dict(os.environ)
        env.pop("JTUNE_HOME", None)
        cls.km, cls.kc = start_new_kernel(kernel_name="jtune", cwd=cls.cwd, env=env, startup_timeout=90)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.cwd, ignore_errors=True)

    def run_cell(self, code):
        """Executes code; returns (reply content, iopub outputs)."""
        # stop_on_error=False: each cell here is independent, a failing one must not abort the next.
        msg_id = self.kc.execute(code, stop_on_error=False)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        outputs = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            except Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        return reply["content"], outputs

    def assertErrorNames(self, code, *parts):
        reply, outputs = self.run_cell(code)
        self.assertEqual("error", reply["status"], f"{code!r} should fail; outputs: {outputs}")
        message = reply["evalue"]
        for part in parts:
            self.assertIn(part, message, f"{code!r}: {message!r} should mention {part!r}")
        traceback = "\n".join(reply.get("traceback", []))
        self.assertNotIn("\tat dev.jtune", traceback, f"{code!r} showed a stack trace for a user mistake")
        self.assertNotIn("Exception:", message)
        return message

    # --- unknown flags

    def test_unknown_flags(self):
        self.assertErrorNames("%dataset load x.jsonl --shuffle", "unknown flag --shuffle")
        self.assertErrorNames("%finetune --base tiny --data d --lrr 1e-3", "unknown flag --lrr", "--lr")
        self.assertErrorNames("%loss --smoth 3", "unknown flag --smoth", "--smooth")
        self.assertErrorNames("%jobs logs a --tial 3", "unknown flag --tial", "--tail")
        self.assertErrorNames("%publish a --bestest", "unknown flag --bestest")
        self.assertErrorNames("%chat tiny --max-new-token 5 hi", "unknown flag --max-new-token", "--max-new-tokens")
        self.assertErrorNames("%eval tiny --data d --metrics exact", "unknown flag --metrics", "--metric")

    # --- bad values: the flag, the value, what is allowed

    def test_bad_values(self):
        self.assertErrorNames("%dataset load x.jsonl --format xml", "--format", "'xml'", "messages", "sharegpt")
        self.assertErrorNames("%dataset load x.jsonl --val-ratio 2", "--val-ratio", "between 0 and 0.5")
        self.assertErrorNames("%dataset mix both a:50", "0.01 to 10")
        self.assertErrorNames("%finetune --base tiny --data d --scheduler cosin", "--scheduler", "'cosin'", "cosine-restarts")
        self.assertErrorNames("%finetune --base tiny --data d --method qlora", "--method", "lora, full")
        self.assertErrorNames("%finetune --base tiny --data d --batch-size many", "--batch-size", "'many'", "whole number")
        self.assertErrorNames("%%finetune\nbase: tiny\ndata: d\nepochs: lots\n", "epochs", "line 3", "'lots'")
        self.assertErrorNames("%%finetune\nbase: tiny\nlearning_rate: 1\n", "line 2", "learning_rate")
        self.assertErrorNames("%loss --smooth 0", "--smooth", "at least 1")
        self.assertErrorNames("%publish a --best --last", "only one of", "--step", "--best", "--last")
        self.assertErrorNames("%chat a,b,c,d hello", "at most 3")
        self.assertErrorNames("%chat tiny --top-p 2 hello", "--top-p", "'2'")
        self.assertErrorNames("%eval tiny --data d --metric bleu", "--metric", "exact, contains", "'bleu'")
        self.assertErrorNames("%dataset frobnicate", "unknown action 'frobnicate'", "load, list, show, mix")
        self.assertErrorNames("%jobs restart x", "unknown action 'restart'")

    # --- missing things: datasets, jobs, files, required flags

    def test_missing_dataset_job_or_file(self):
        self.assertErrorNames("%dataset load no-such-file.jsonl", "no-such-file.jsonl")
        self.assertErrorNames("%dataset show nope", "no dataset called 'nope'", "%dataset load")
        self.assertErrorNames("%finetune --base tiny --data nope", "no dataset called 'nope'")
        self.assertErrorNames("%finetune --data d", "--base is required")
        self.run_cell("%dataset load intents-test.jsonl --name t2")
        self.assertErrorNames("%finetune --base no-such-model --data t2", "no-such-model")
        self.assertErrorNames("%eval tiny", "--data is required")
        self.assertErrorNames("%eval tiny --data nope", "no dataset called 'nope'")
        self.assertErrorNames("%jobs show ghost", "no job called 'ghost'")
        self.assertErrorNames("%jobs stop ghost", "no job called 'ghost'")
        self.assertErrorNames("%jobs delete ghost", "no job called 'ghost'")
        self.assertErrorNames("%loss ghost", "no job called 'ghost'")
        self.assertErrorNames("%publish ghost", "no job called 'ghost'")
        self.assertErrorNames("%chat ghost-model hello", "ghost-model")

    def test_bad_dataset_lines_are_listed_with_line_numbers(self):
        reply, outputs = self.run_cell("%dataset load broken.jsonl")
        self.assertEqual("error", reply["status"])
        shown = "\n".join(m["content"]["data"].get("text/plain", "") for m in outputs if m["msg_type"] == "display_data")
        self.assertRegex(shown, r"\b2\b")
        self.assertRegex(shown, r"\b3\b")
        self.assertIn("broken.jsonl", reply["evalue"] + shown)

    def test_help_on_every_magic(self):
        for line in ("%dataset --help", "%dataset load --help", "%finetune --help", "%loss --help", "%jobs --help",
                     "%jobs copy --help", "%publish --help", "%chat --help", "%eval --help"):
            reply, outputs = self.run_cell(line)
            self.assertEqual("ok", reply["status"], line)
            text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
            self.assertIn("Usage:", text, line)

    def test_a_good_cell_still_works_after_errors(self):
        self.run_cell("%finetune --lrr 1")
        reply, outputs = self.run_cell("%dataset load intents-test.jsonl --name t")
        self.assertEqual("ok", reply["status"], outputs)
        html = [m["content"]["data"].get("text/html", "") for m in outputs if m["msg_type"] == "display_data"]
        self.assertTrue(any("Dataset t" in h for h in html))


class InterruptStopsTraining(unittest.TestCase):
    """Interrupting a %finetune cell stops the job after its current step, with a checkpoint, status stopped."""

    @classmethod
    def setUpClass(cls):
        cls.cwd = tempfile.mkdtemp(prefix="jtune-magics-interrupt-")
        shutil.copy(os.path.join(DATASETS, "intents-test.jsonl"), cls.cwd)
        env = dict(os.environ)
        env.pop("JTUNE_HOME", None)
        cls.km, cls.kc = start_new_kernel(kernel_name="jtune", cwd=cls.cwd, env=env, startup_timeout=90)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.cwd, ignore_errors=True)

    def test_interrupt_saves_a_checkpoint_and_marks_the_job_stopped(self):
        run = MagicErrorReplies.run_cell
        reply, _ = run(self, "%dataset load intents-test.jsonl --name t")
        self.assertEqual("ok", reply["status"])
        msg_id = self.kc.execute("%finetune --base tiny --data t --name long --max-steps 5000 --log-steps 1 --save-steps 100000",
                                 stop_on_error=False)
        updates = 0
        deadline = time.time() + TIMEOUT
        while updates < 3 and time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "update_display_data":
                if "step" in msg["content"]["data"].get("text/plain", "") and " running " in msg["content"]["data"]["text/plain"]:
                    updates += 1
        self.assertGreaterEqual(updates, 3, "no live progress updates while training")
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIn(reply["content"]["status"], ("ok", "error"))
        reply, outputs = run(self, "%jobs show long")
        self.assertEqual("ok", reply["status"])
        shown = "\n".join(m["content"]["data"].get("text/plain", "") for m in outputs if m["msg_type"] == "display_data")
        self.assertIn("stopped", shown)
        self.assertRegex(shown, r"checkpoint-\d+")


if __name__ == "__main__":
    unittest.main()
