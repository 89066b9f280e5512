"""Renders conversations.jsonl with the published Qwen2.5-Instruct and Llama-3.1-Instruct chat templates through
transformers' own apply_chat_template and writes reference.json, which ToolTemplateReferenceTest compares JTune's
Jinjava rendering with, character for character.

The records are read as JTune reads them: a call's "arguments" given as a JSON string is parsed to a dict (what
transformers expects and what templates serialise with tojson), and a call's null content becomes "" (both render as
no text in these templates). Special tokens come from the tiny-qwen2 fixture tokenizer, which the test uses too.

Run from this folder with the transformers 5.x virtualenv:
    /work/wt-engine/target/bench-venv/bin/python make_reference.py
"""
import json
import os

import transformers
from transformers import AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "tiny-qwen2")
TEMPLATES = ["qwen2.5-instruct.jinja", "llama3.1-instruct.jinja"]


def as_jtune_reads(record):
    messages = []
    for m in record["messages"]:
        m = dict(m)
        if "tool_calls" in m:
            calls = []
            for c in m["tool_calls"]:
                c = json.loads(json.dumps(c))
                args = c["function"]["arguments"]
                if isinstance(args, str):
                    c["function"]["arguments"] = json.loads(args)
                calls.append(c)
            m["tool_calls"] = calls
            if m.get("content") is None:
                m["content"] = ""
        messages.append(m)
    return messages, record.get("tools") or None


def main():
    tokenizer = AutoTokenizer.from_pretrained(FIXTURE)
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    out = []
    for template in TEMPLATES:
        with open(os.path.join(HERE, template), encoding="utf-8") as f:
            source = f.read()
        for index, record in enumerate(records):
            messages, tools = as_jtune_reads(record)
            # The whole conversation, and the prompt for the final turn (ending at a tool result or user turn).
            for count, generation in ((len(messages), False), (len(messages) - 1, True)):
                case = {"template": template, "record": index, "messages": count, "add_generation_prompt": generation}
                try:
                    case["expected"] = tokenizer.apply_chat_template(
                        messages[:count], tools=tools, chat_template=source, tokenize=False,
                        add_generation_prompt=generation)
                except Exception as e:  # the template's raise_exception, e.g. Llama 3.1's single-call rule
                    case["error"] = str(e)
                out.append(case)
    with open(os.path.join(HERE, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"transformers": transformers.__version__, "cases": out}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(out), "cases with transformers", transformers.__version__)


if __name__ == "__main__":
    main()
