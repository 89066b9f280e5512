"""A damaged job never hides the others: through a real Jupyter client, a job whose config.json holds a bad value
("lr": "fast") and a checkpoint whose trainer_state.json is torn are listed by %jobs and %jobs show as damaged,
with the reason; resuming past the damaged checkpoint is refused with a sentence, never a Java stack trace.

Run: /usr/bin/python3 -m unittest -v test_damaged_jobs   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the spec)
"""
import json
import os
import tempfile
import unittest

import kernel_cells

TIMEOUT = 60


def write_job(jobs, name, config, status, checkpoints=()):
    folder = os.path.join(jobs, name)
    os.makedirs(folder)
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        f.write(config)
    with open(os.path.join(folder, "status.json"), "w", encoding="utf-8") as f:
        json.dump(status, f)
    for step, state in checkpoints:
        ck = os.path.join(folder, f"checkpoint-{step}")
        os.makedirs(ck)
        with open(os.path.join(ck, "trainer_state.json"), "w", encoding="utf-8") as f:
            f.write(state)


class DamagedJobsAreListed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cwd = tempfile.mkdtemp(prefix="jtune-damaged-jobs-")
        jobs = os.path.join(cls.cwd, "jtune-workspace", "jobs")
        done = {"state": "succeeded", "step": 4, "total_steps": 4, "last_checkpoint": 4}
        write_job(jobs, "healthy", json.dumps({"name": "healthy", "base": "tiny", "data": "d.jsonl", "lr": 0.001}),
                  done, [(2, json.dumps({"step": 2, "total_steps": 4, "train_loss": 1.5})), (4, '{"step": 4, "tot')])
        write_job(jobs, "broken", json.dumps({"name": "broken", "base": "tiny", "data": "d.jsonl", "lr": "fast"}),
                  done)
        cls.km, cls.kc = kernel_cells.start_kernel(cls.cwd)

    @classmethod
    def tearDownClass(cls):
        kernel_cells.stop_kernel(cls.km, cls.kc, cls.cwd)

    def run_cell(self, code):
        """Executes code; returns (reply content, plain text of everything it showed)."""
        reply, outputs = kernel_cells.run_cell(self.kc, code, TIMEOUT)
        return reply, kernel_cells.shown_text(outputs)

    def assertNoStackTrace(self, reply):
        traceback = "\n".join(reply.get("traceback", []))
        self.assertNotIn("\tat dev.jtune", traceback)
        self.assertNotIn("Exception", reply.get("evalue", ""))

    def test_list_shows_the_healthy_job_and_the_damaged_one_with_its_reason(self):
        reply, shown = self.run_cell("%jobs")
        self.assertNoStackTrace(reply)
        self.assertEqual("ok", reply["status"], reply)
        self.assertRegex(shown, r"healthy\s.*succeeded")
        self.assertRegex(shown, r"broken\s.*damaged")
        self.assertIn("config.json of job broken", shown)
        self.assertIn("fast", shown)

    def test_show_of_the_damaged_job_says_why(self):
        reply, shown = self.run_cell("%jobs show broken")
        self.assertNoStackTrace(reply)
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("damaged", shown)
        self.assertIn("fast", shown)

    def test_show_lists_the_damaged_checkpoint(self):
        reply, shown = self.run_cell("%jobs show healthy")
        self.assertEqual("ok", reply["status"], reply)
        self.assertRegex(shown, r"checkpoint-2")
        self.assertRegex(shown, r"checkpoint-4.*damaged.*trainer_state\.json")

    def test_resume_past_a_damaged_checkpoint_is_refused_with_a_sentence(self):
        reply, _ = self.run_cell("%finetune --resume healthy")
        self.assertEqual("error", reply["status"], reply)
        self.assertNoStackTrace(reply)
        self.assertIn("checkpoint 4 of job healthy is damaged", reply["evalue"])
        self.assertIn("healthy:2", reply["evalue"])


if __name__ == "__main__":
    unittest.main()
