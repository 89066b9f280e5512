"""Kernel-level tests of preference tuning through a real Jupyter client: bad preference data and a stage that does
not fit the data come back as error replies naming the line or the flag, the kernel stays alive, no job folder is
left behind by a refused %finetune; and a short DPO job on tiny logs TRL's metrics that %loss --metric plots and
%jobs lists.

Run: /usr/bin/python3 -m unittest -v test_preference   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the "jtune" spec)
"""
import json
import os
import shutil
import tempfile
import unittest

import kernel_cells

TIMEOUT = 180
DATASETS = os.environ.get("JTUNE_DATASETS",
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "notebooks", "data"))


def pair(prompt, chosen, rejected):
    return json.dumps({"prompt": prompt, "chosen": chosen, "rejected": rejected})


def scored(prompt, *candidates):
    return json.dumps({"messages": [{"role": "user", "content": prompt},
                                    {"role": "assistant", "content": [{"content": c, "score": s} for c, s in candidates]}]})


class PreferenceThroughTheKernel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cwd = tempfile.mkdtemp(prefix="jtune-preference-test-")
        shutil.copy(os.path.join(DATASETS, "intents-test.jsonl"), cls.cwd)
        good = [pair(f"message {i}", "card_lost", "check_balance") for i in range(8)]
        files = {
            "pairs.jsonl": good,
            "same.jsonl": [good[0], pair("p", "card_lost", "card_lost")],
            "missing.jsonl": good[:2] + [json.dumps({"prompt": "p", "chosen": "card_lost"})],
            "scores.jsonl": [scored("q", ("a", 1), ("b", "high"))],
            "ties.jsonl": [scored("q", ("a", 2), ("b", 2))],
        }
        for name, lines in files.items():
            with open(os.path.join(cls.cwd, name), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        cls.km, cls.kc = kernel_cells.start_kernel(cls.cwd)

    @classmethod
    def tearDownClass(cls):
        kernel_cells.stop_kernel(cls.km, cls.kc, cls.cwd)

    def run_cell(self, code):
        return kernel_cells.run_cell(self.kc, code, TIMEOUT)

    def assertOk(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual("ok", reply["status"], f"{code!r} failed: {reply.get('evalue')}")
        return kernel_cells.shown_text(outputs)

    def assertErrorNames(self, code, *parts):
        reply, outputs = self.run_cell(code)
        self.assertEqual("error", reply["status"], f"{code!r} should fail; outputs: {outputs}")
        message = reply["evalue"]
        for part in parts:
            self.assertIn(part, message, f"{code!r}: {message!r} should mention {part!r}")
        self.assertNotIn("\tat dev.jtune", "\n".join(reply.get("traceback", [])), "a stack trace for a user mistake")
        self.assertNotIn("Exception:", message)
        return message

    def job_folders(self):
        jobs = os.path.join(self.cwd, "jtune-workspace", "jobs")
        return sorted(os.listdir(jobs)) if os.path.isdir(jobs) else []

    def assertKernelAlive(self):
        self.assertIn("2", self.assertOk("1 + 1"))

    def test_1_bad_pairs_name_their_line(self):
        self.assertErrorNames("%dataset load same.jsonl", "line 2", "chosen and the rejected answer are the same")
        self.assertErrorNames("%dataset load missing.jsonl", "line 3", "missing field \"rejected\"")
        self.assertErrorNames("%dataset load scores.jsonl", "line 1", "candidate 2", "\"score\" must be a number")
        self.assertErrorNames("%dataset load ties.jsonl", "line 1", "every candidate has score 2")
        self.assertKernelAlive()

    def test_2_a_stage_that_does_not_fit_the_data_is_refused_before_any_job_exists(self):
        self.assertOk("%dataset load intents-test.jsonl --name sft")
        self.assertOk("%dataset load pairs.jsonl --name pairs")
        before = self.job_folders()
        self.assertErrorNames("%finetune --stage dpo --base tiny --data sft", "--stage dpo", "preference pairs",
                              "intents-test.jsonl:1")
        self.assertErrorNames("%finetune --base tiny --data pairs", "preference pairs", "--stage dpo")
        self.assertErrorNames("%finetune --stage dpo --base tiny --data pairs --packing", "--packing", "--stage dpo")
        self.assertErrorNames("%finetune --stage dpo --base tiny --data pairs --pref-loss ipo --pref-label-smoothing 0.1",
                              "--pref-label-smoothing", "sigmoid")
        self.assertErrorNames("%finetune --stage ppo --base tiny --data pairs", "--stage", "'ppo'", "sft, dpo")
        self.assertEqual(before, self.job_folders(), "a refused %finetune left a job folder")
        self.assertKernelAlive()

    def test_3_a_dpo_job_shows_pairs_metrics_and_accuracy(self):
        self.assertOk("%dataset load pairs.jsonl --name pairs2")
        shown = self.assertOk("%dataset show pairs2 --rows 2")
        self.assertIn("preference pairs of pairs2", shown)
        self.assertIn("chosen:", shown)
        self.assertIn("rejected:", shown)
        self.assertOk("%finetune --stage dpo --base tiny --data pairs2 --name dpo1 --max-steps 2 --log-steps 1 "
                      "--batch-size 4 --val-ratio 0.25 --eval-steps 1")
        with open(os.path.join(self.cwd, "jtune-workspace", "jobs", "dpo1", "events.jsonl"), encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
        logs = [e for e in events if e["type"] == "log"]
        evals = [e for e in events if e["type"] == "eval"]
        self.assertTrue(logs and evals, events)
        for name in ("rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins", "logps/chosen",
                     "logps/rejected"):
            self.assertIn(name, logs[-1]["metrics"])
            self.assertIn("eval_" + name, evals[-1]["metrics"])
        chart = self.assertOk("%loss dpo1 --metric rewards/margins")
        self.assertIn("training rewards/margins", chart)
        self.assertErrorNames("%loss dpo1 --metric reward/margin", "reward/margin", "rewards/margins")
        jobs = self.assertOk("%jobs")
        self.assertIn("pref. accuracy", jobs)
        self.assertIn("dpo", jobs)
        self.assertKernelAlive()


if __name__ == "__main__":
    unittest.main()
