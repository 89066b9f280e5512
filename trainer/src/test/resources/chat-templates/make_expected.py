"""Renders the real-world chat templates here with Jinja2 in the environment transformers uses
(transformers.utils.chat_template_utils: trim_blocks, lstrip_blocks, loopcontrols, its tojson,
raise_exception and strftime_now) and writes expected.json, the oracle ChatTemplateRealWorldTest
compares the Java renderer against. Run: python3 make_expected.py (needs jinja2)."""
import json
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

PINNED = datetime(2026, 11, 23, 9, 30)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return PINNED.strftime(fmt)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

INTENT = [
    {"role": "system", "content": "Classify the customer's message. Reply with the intent label only."},
    {"role": "user", "content": "I lost my debit card yesterday"},
    {"role": "assistant", "content": "card_lost"},
    {"role": "user", "content": "我的储蓄账户还有多少钱?"},
    {"role": "assistant", "content": "check_balance"},
]
NO_SYSTEM = [
    {"role": "user", "content": "  Hello there  "},
    {"role": "assistant", "content": "Hi! How can I help?"},
    {"role": "user", "content": "What's 2+2?"},
]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city, °C",
                                           "parameters": {"type": "object",
                                                          "properties": {"city": {"type": "string"}},
                                                          "required": ["city"]}}}]
SPECIALS = {
    "llama3.2-instruct.jinja": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    "qwen2.5-instruct.jinja": {"bos_token": "", "eos_token": "<|im_end|>"},
    "mistral-7b-instruct.jinja": {"bos_token": "<s>", "eos_token": "</s>"},
}
CASES = [
    ("qwen2.5-instruct.jinja", INTENT, False, None),
    ("qwen2.5-instruct.jinja", INTENT[:2], True, None),
    ("qwen2.5-instruct.jinja", NO_SYSTEM, True, None),
    ("qwen2.5-instruct.jinja", NO_SYSTEM, False, TOOLS),
    ("llama3.2-instruct.jinja", INTENT, False, None),
    ("llama3.2-instruct.jinja", INTENT[:2], True, None),
    ("llama3.2-instruct.jinja", NO_SYSTEM, True, None),
    ("llama3.2-instruct.jinja", NO_SYSTEM, True, TOOLS),
    ("mistral-7b-instruct.jinja", NO_SYSTEM, False, None),
    ("mistral-7b-instruct.jinja", NO_SYSTEM[:2], False, None),
    ("mistral-7b-instruct.jinja", INTENT, False, None),
]

out = []
for file, messages, gen, tools in CASES:
    source = open(file, encoding="utf-8").read()
    case = {"template": file, "messages": messages, "add_generation_prompt": gen, "tools": tools,
            "special_tokens": SPECIALS[file], "date": PINNED.isoformat()}
    try:
        case["expected"] = env.from_string(source).render(messages=messages, tools=tools, documents=None,
                                                          add_generation_prompt=gen, **SPECIALS[file])
    except jinja2.exceptions.TemplateError as e:
        case["error"] = str(e)
    out.append(case)
with open("expected.json", "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
print(len(out), "cases")
