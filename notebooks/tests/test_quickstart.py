#!/usr/bin/python3
"""Checks the EXECUTED quickstart notebook: what a reader must see in it, and the published model on disk.

Usage: /usr/bin/python3 notebooks/tests/test_quickstart.py [EXECUTED.ipynb]
The executed notebook defaults to $JTUNE_EXECUTED_QUICKSTART, else notebooks/out/quickstart.ipynb, else
notebooks/quickstart.nbconvert.ipynb. Relative paths printed by the magics are resolved against the folder the
notebook ran in ($JTUNE_NOTEBOOK_DIR, default notebooks/).
"""
import base64
import os
import re
import sys
import unittest

import nbformat

NOTEBOOKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_ACCURACY = 85.0
FINE_TUNED = "intents-bot"
BASE = "tiny"


def executed_path():
    if len(sys.argv) > 1 and sys.argv[1].endswith(".ipynb"):
        return sys.argv.pop(1)
    candidates = [os.environ.get("JTUNE_EXECUTED_QUICKSTART"),
                  os.path.join(NOTEBOOKS, "out", "quickstart.ipynb"),
                  os.path.join(NOTEBOOKS, "quickstart.nbconvert.ipynb")]
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return candidates[1]


PATH = executed_path()


def text_of(data):
    value = data if isinstance(data, str) else "".join(data)
    return value


class ExecutedQuickstart(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(PATH):
            raise FileNotFoundError(f"no executed quickstart at {PATH}; run it with nbconvert first")
        cls.nb = nbformat.read(PATH, as_version=4)
        cls.code_cells = [c for c in cls.nb.cells if c.cell_type == "code"]

    def outputs_of(self, prefix):
        """Outputs of the code cells whose source starts with prefix (e.g. '%loss')."""
        cells = [c for c in self.code_cells if c.source.lstrip().startswith(prefix)]
        self.assertTrue(cells, f"no cell starting with {prefix!r} in {PATH}")
        return [o for c in cells for o in c.get("outputs", [])]

    def bundles(self, prefix):
        return [o["data"] for o in self.outputs_of(prefix) if o.get("output_type") in ("display_data", "execute_result")]

    def test_every_cell_ran_without_error(self):
        for cell in self.code_cells:
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            self.assertFalse(errors, f"cell {cell.source[:60]!r} failed: "
                             + "; ".join(f"{e.get('ename')}: {e.get('evalue')}" for e in errors))
            self.assertIsNotNone(cell.get("execution_count"), f"cell {cell.source[:60]!r} did not run")

    def test_dataset_table(self):
        html = [text_of(b["text/html"]) for b in self.bundles("%dataset load data/intents-train") if "text/html" in b]
        table = next((h for h in html if "Dataset intents" in h), None)
        self.assertIsNotNone(table, "no dataset summary table after %dataset load")
        for word in ("<table", "Examples", "Validation split", "Turns", "Tokens total", "Tokens per example, mean",
                     "Tokens per example, max", "Longer than"):
            self.assertIn(word, table)
        pngs = [b for b in self.bundles("%dataset load data/intents-train") if "image/png" in b]
        self.assertTrue(pngs, "no token-length histogram after %dataset load")

    def test_loss_plot_is_a_png(self):
        pngs = [b["image/png"] for b in self.bundles("%loss") if "image/png" in b]
        self.assertTrue(pngs, "%loss showed no image/png")
        raw = base64.b64decode(text_of(pngs[0]))
        self.assertTrue(raw.startswith(PNG_SIGNATURE), "the %loss image is not a PNG")
        self.assertGreater(len(raw), 5000, "the loss plot is suspiciously small")

    def test_checkpoint_table(self):
        texts = [text_of(b.get("text/html", "")) for b in self.bundles("%%finetune")]
        table = next((t for t in texts if "Checkpoints of intents-v1" in t), None)
        self.assertIsNotNone(table, "%%finetune did not end with a checkpoint table")
        self.assertIn("best", table)
        self.assertRegex(table, r"checkpoint-\d+")
        plain = [text_of(b["text/plain"]) for b in self.bundles("%%finetune")]
        self.assertTrue(any(re.search(r"\bsucceeded\b", p) for p in plain), "the live training output does not say succeeded")

    def test_published_model_folder_on_disk(self):
        plain = [text_of(b["text/plain"]) for b in self.bundles("%publish")]
        match = next((m for m in (re.search(r"Published (\S+) → (.+)", p) for p in plain) if m), None)
        self.assertIsNotNone(match, "no 'Published NAME → FOLDER' in the %publish output")
        self.assertEqual(FINE_TUNED, match.group(1))
        folder = match.group(2).strip()
        base_dir = os.environ.get("JTUNE_NOTEBOOK_DIR", NOTEBOOKS)
        folder = folder if os.path.isabs(folder) else os.path.join(base_dir, folder)
        self.assertTrue(os.path.isdir(folder), f"published folder {folder} is not on disk")
        files = os.listdir(folder)
        self.assertIn("config.json", files)
        self.assertTrue(any(f.endswith(".safetensors") for f in files), f"no weights in {folder}: {files}")
        self.assertIn("tokenizer.json", files)

    def test_chat_shows_two_models(self):
        plain = [text_of(b["text/plain"]) for b in self.bundles("%chat tiny,intents-bot")]
        final = plain[-1] if plain else ""
        for model in (BASE, FINE_TUNED):
            self.assertIn(f"── {model} ──", final, f"no answer column for {model}")
        answers = re.findall(r"── (\S+) ──\n(.*?)\n\((\d+) tokens?", final, re.S)
        self.assertEqual(2, len(answers), f"expected two finished answers in:\n{final}")
        fine_tuned = dict((m, a) for m, a, _ in answers)[FINE_TUNED]
        self.assertTrue(fine_tuned.strip(), "the fine-tuned model answered nothing")
        html = [text_of(b.get("text/html", "")) for b in self.bundles("%chat tiny,intents-bot")]
        self.assertIn("grid-template-columns:repeat(2", html[-1], "the answers are not side by side")

    def test_accuracy_on_the_test_split(self):
        plain = "\n".join(text_of(b["text/plain"]) for b in self.bundles("%eval"))
        self.assertIn("Accuracy on intents-test", plain)
        rows = dict((m, (int(c), int(t), float(a))) for m, c, t, a in
                    re.findall(r"^\*?\s*(\S+)\s+exact\s+(\d+)\s+(\d+)\s+([\d.]+)%", plain, re.M))
        self.assertIn(FINE_TUNED, rows, f"no accuracy row for {FINE_TUNED} in:\n{plain}")
        correct, total, accuracy = rows[FINE_TUNED]
        self.assertEqual(60, total, "the test split has 60 examples")
        self.assertAlmostEqual(100.0 * correct / total, accuracy, delta=0.06)
        print(f"\n{FINE_TUNED}: {accuracy}% ({correct}/{total}) on intents-test; base: {rows.get(BASE)}", file=sys.stderr)
        self.assertGreaterEqual(accuracy, MIN_ACCURACY)


if __name__ == "__main__":
    unittest.main()
