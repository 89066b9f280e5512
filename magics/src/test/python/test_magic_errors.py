"""Kernel-level tests of the JTune magics: argument mistakes come back as error replies that name the problem
(the flag, the value, the allowed values, the missing dataset or job), never as a Java stack trace, and --help
works on every magic. Runs against the installed kernelspec "jtune".

Run: /usr/bin/python3 -m unittest -v test_magic_errors   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the spec)
The kernel runs in a temporary folder, so its workspace (jtune-workspace/) starts empty.
"""
import json
import os
import shutil
import tempfile
import time
import unittest

import kernel_cells

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
        cls.km, cls.kc = kernel_cells.start_kernel(cls.cwd)

    @classmethod
    def tearDownClass(cls):
        kernel_cells.stop_kernel(cls.km, cls.kc, cls.cwd)

    def run_cell(self, code):
        """Executes code; returns (reply content, iopub outputs)."""
        return kernel_cells.run_cell(self.kc, code, TIMEOUT)

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
        self.assertErrorNames("%eval tiny --data d --metric blue", "--metric", "exact, contains", "blue")
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
        self.assertErrorNames("%eval tiny --data nope", "--data nope", "no dataset of that name", "%dataset load")
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

    def test_chat_takes_an_apostrophe_in_the_prompt_as_typed(self):
        reply, outputs = self.run_cell("%chat tiny --max-new-tokens 3 What's up")
        self.assertEqual("ok", reply["status"], reply)
        shown = "\n".join(m["content"]["data"].get("text/plain", "") for m in outputs
                          if m["msg_type"] in ("display_data", "update_display_data"))
        self.assertIn("What's up", shown)
        self.assertIn("── tiny ──", shown)

    def test_an_unclosed_quote_names_its_column(self):
        self.assertErrorNames('%chat tiny "never closed', "column 12")

    def complete(self, code):
        msg_id = self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        return reply["content"]

    def test_completion_of_magic_names_flags_values_and_names(self):
        self.assertIn("finetune", self.complete("%fine")["matches"])
        flag = self.complete("%finetune --meth")
        self.assertEqual(["--method"], flag["matches"])
        self.assertEqual(len("%finetune "), flag["cursor_start"])
        self.assertEqual(["lora"], self.complete("%finetune --base tiny --method l")["matches"])
        self.assertIn("cosine", self.complete("%finetune --scheduler cos")["matches"])
        self.assertIn("show", self.complete("%dataset sh")["matches"])
        self.assertIn("intents-test.jsonl", self.complete("%dataset load intents-t")["matches"])
        self.run_cell("%dataset load intents-test.jsonl --name complete-me")
        self.assertIn("complete-me", self.complete("%dataset show comp")["matches"])
        self.assertIn("complete-me", self.complete("%finetune --base tiny --data comp")["matches"])
        self.assertIn("tiny", self.complete("%chat ti")["matches"])
        self.assertIn("lr: ", self.complete("%%finetune --name x\nbase: tiny\nl")["matches"])
        self.assertEqual(["lora"], self.complete("%%finetune\nmethod: l")["matches"])

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
        cls.km, cls.kc = kernel_cells.start_kernel(cls.cwd)

    @classmethod
    def tearDownClass(cls):
        kernel_cells.stop_kernel(cls.km, cls.kc, cls.cwd)

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
        self.assertEqual("error", reply["content"]["status"])
        self.assertEqual("Interrupted", reply["content"]["ename"])
        self.assertIn("--resume long", reply["content"]["evalue"])
        reply, outputs = run(self, "%jobs show long")
        self.assertEqual("ok", reply["status"])
        shown = "\n".join(m["content"]["data"].get("text/plain", "") for m in outputs if m["msg_type"] == "display_data")
        self.assertIn("stopped", shown)
        self.assertRegex(shown, r"checkpoint-\d+")


class ShutdownStopsTraining(unittest.TestCase):
    """Shutting the kernel down (or restarting it) while a --background job trains stops the job with a
    checkpoint, and the kernel exits by itself before Jupyter would kill it."""

    def test_shutdown_request_saves_a_checkpoint_of_a_background_job(self):
        def shut_down(km):
            # jupyter_client waits shutdown_wait_time (5 s) for the kernel to exit, then kills it.
            started = time.time()
            km.shutdown_kernel(now=False)
            self.assertLess(time.time() - started, km.shutdown_wait_time, "the kernel did not exit by itself")
        self.check_job_is_stopped_cleanly(shut_down)

    def test_restart_saves_a_checkpoint_of_a_background_job(self):
        def restart(km):
            km.restart_kernel(now=False)
            km.shutdown_kernel(now=True)  # the fresh kernel is not needed
        self.check_job_is_stopped_cleanly(restart)

    def check_job_is_stopped_cleanly(self, end_kernel):
        cwd = tempfile.mkdtemp(prefix="jtune-magics-shutdown-")
        self.addCleanup(shutil.rmtree, cwd, True)
        shutil.copy(os.path.join(DATASETS, "intents-test.jsonl"), cwd)
        km, kc = kernel_cells.start_kernel(cwd)
        self.kc = kc
        try:
            run = MagicErrorReplies.run_cell
            self.assertEqual("ok", run(self, "%dataset load intents-test.jsonl --name t")[0]["status"])
            reply, _ = run(self, "%finetune --base tiny --data t --name bg --max-steps 5000 --log-steps 1 "
                                 "--save-steps 100000 --background")
            self.assertEqual("ok", reply["status"], reply)
            deadline = time.time() + TIMEOUT
            step = 0
            while step < 2:
                self.assertLess(time.time(), deadline, "the background job did not train 2 steps")
                time.sleep(0.3)
                step = self.step_of(kc)
        finally:
            kc.stop_channels()
        end_kernel(km)
        self.assertFalse(km.is_alive())
        job = os.path.join(cwd, "jtune-workspace", "jobs", "bg")
        with open(os.path.join(job, "status.json"), encoding="utf-8") as f:
            status = json.load(f)
        self.assertEqual("stopped", status["state"], status)
        self.assertTrue(any(name.startswith("checkpoint-") for name in os.listdir(job)), os.listdir(job))

    @staticmethod
    def step_of(kc):
        msg_id = kc.execute("", silent=True, user_expressions={"step": 'JTune.job("bg").status().step()'})
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        value = reply["content"]["user_expressions"]["step"]
        return int(value["data"]["text/plain"]) if value["status"] == "ok" else 0


if __name__ == "__main__":
    unittest.main()
