"""Protocol-level tests of the JTune kernel, run against the installed kernelspec "jtune".

Run: /usr/bin/python3 -m unittest -v test_jtune_kernel   (JUPYTER_DATA_DIR/JUPYTER_PATH must find the spec)
JTUNE_TEST_JAVA_HOME=/path/to/jdk runs the kernel on that JDK instead of the default one.
"""
import json
import os
import time
import unittest
import uuid
from queue import Empty

import jupyter_kernel_test
import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session
from jupyter_client.utils import run_sync

TIMEOUT = 30


def kernel_env():
    env = dict(os.environ)
    java_home = os.environ.get("JTUNE_TEST_JAVA_HOME")
    if java_home:
        env["JAVA_HOME"] = java_home
    return env


class JTuneKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "jtune"
    language_name = "java"
    file_extension = ".jshell"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, env=kernel_env(), startup_timeout=60)

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'
    completion_samples = [
        {"text": "System.currentTimeMi", "matches": {"currentTimeMillis()"}},
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "%lsma", "matches": {"lsmagic"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "%lsmagic", "%%time\nint y = 2;", "void f() {}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "class A {", "int x = "]
    invalid_code_samples = ["}"]
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "html(\"<b>x</b>\")", "mime": "text/html", "result": "<b>x</b>"},
    ]
    code_display_data = [
        {"code": 'display(html("<b>hi</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("# Title"));', "mime": "text/markdown"},
    ]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"


class JTuneBehaviourTests(unittest.TestCase):
    """What the generic suite does not cover: interrupts, streaming, stdin, displays, magics, signatures."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="jtune", env=kernel_env(), startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def setUp(self):
        self.drain()

    def drain(self):
        for channel in (self.kc.shell_channel, self.kc.iopub_channel, self.kc.stdin_channel):
            while True:
                try:
                    run_sync(channel.get_msg)(timeout=0.05)
                except Empty:
                    break

    def reply_to(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def outputs_of(self, msg_id, timeout=TIMEOUT):
        """iopub messages of a request up to its idle status."""
        outputs = []
        deadline = time.time() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            outputs.append(msg)

    def execute(self, code, **kwargs):
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.reply_to(msg_id)
        return reply["content"], self.outputs_of(msg_id)

    def result_text(self, outputs):
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        return results[-1]["content"]["data"]["text/plain"] if results else None

    def test_state_is_kept_between_cells(self):
        self.execute("int kept = 41;")
        self.execute("kept++;")
        reply, outputs = self.execute("kept")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.result_text(outputs), "42")

    def test_interrupt_busy_loop_keeps_state(self):
        self.execute('String survivor = "still here";')
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.0)
        started = time.time()
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=15)
        elapsed = time.time() - started
        self.outputs_of(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 10, "the interrupt took too long")
        reply, outputs = self.execute("survivor")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.result_text(outputs), '"still here"')

    def test_interrupt_blocking_sleep(self):
        msg_id = self.kc.execute("Thread.sleep(600_000);")
        time.sleep(0.5)
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=15)
        self.outputs_of(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        reply, _ = self.execute("1")
        self.assertEqual(reply["status"], "ok")

    def test_output_streams_before_cell_ends(self):
        code = 'for (int i = 0; i < 3; i++) { System.out.println("tick " + i); Thread.sleep(800); }'
        msg_id = self.kc.execute(code)
        started = time.time()
        first_stream = None
        while first_stream is None:
            self.assertLess(time.time() - started, TIMEOUT, "no output arrived")
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                first_stream = time.time() - started
                self.assertIn("tick 0", msg["content"]["text"])
        # The cell takes ~2.4 s; its first line must arrive long before that.
        self.assertLess(first_stream, 1.5)
        with self.assertRaises(Empty):
            self.kc.get_shell_msg(timeout=0.05)
        self.assertEqual(self.reply_to(msg_id)["content"]["status"], "ok")
        self.outputs_of(msg_id)

    def test_bad_signature_is_not_executed(self):
        info = self.km.get_connection_info()
        bad = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        try:
            msg = bad.msg("execute_request", content={
                "code": "int forged = 1;", "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            bad.send(sock, msg)
            self.assertEqual(sock.poll(1500), 0, "the kernel answered a message with a bad signature")
        finally:
            sock.close()
        reply, outputs = self.execute("forged")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "CompilationError")

    def test_input_request(self):
        code = 'String line = new Scanner(System.in).nextLine();\nline.length()'
        msg_id = self.kc.execute(code, allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.kc.input("hello")
        reply = self.reply_to(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.result_text(self.outputs_of(msg_id)), "5")

    def test_stdin_refused_without_allow_stdin(self):
        reply, _ = self.execute("new Scanner(System.in).nextLine()", allow_stdin=False)
        self.assertEqual(reply["status"], "error")

    def test_display_and_update(self):
        reply, outputs = self.execute('var h = display(html("<i>a</i>"));\nh.update(html("<i>b</i>"));')
        self.assertEqual(reply["status"], "ok")
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updated[0]["content"]["data"]["text/html"], "<i>b</i>")
        self.assertIn("text/plain", updated[0]["content"]["data"])

    def test_png_and_json_bundles(self):
        code = ("var img = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                "display(img);\n"
                "json(Map.of(\"loss\", Double.NaN, \"step\", 3))")
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok", reply)
        png = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
        self.assertTrue(png["image/png"].startswith("iVBOR"))
        result = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIsInstance(result["application/json"], dict)
        self.assertEqual(result["application/json"]["step"], 3)

    def test_unknown_magic(self):
        reply, outputs = self.execute("%nosuchmagic --flag")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "UnknownMagic")
        self.assertIn("%nosuchmagic", reply["evalue"])
        self.assertIn("%lsmagic", reply["evalue"])

    def test_line_magics_run_in_order_with_java(self):
        reply, outputs = self.execute('int m = 2;\n%time m * 3\nSystem.out.println("after " + m);')
        self.assertEqual(reply["status"], "ok", reply)
        text = "".join(o["content"]["text"] for o in outputs if o["msg_type"] == "stream")
        self.assertIn("Wall time", text)
        self.assertLess(text.index("Wall time"), text.index("after 2"))

    def test_help_magic(self):
        reply, outputs = self.execute("%help time")
        self.assertEqual(reply["status"], "ok")
        reply, outputs = self.execute("%time --help")
        self.assertIn("%time", "".join(o["content"].get("text", "") for o in outputs))

    def test_traceback_names_cell_line(self):
        reply, outputs = self.execute('int a = 1;\n\nint b = a / 0;')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "java.lang.ArithmeticException")
        self.assertTrue(any("line 3" in line for line in reply["traceback"]), reply["traceback"])

    def test_aborted_after_error(self):
        first = self.kc.execute('Thread.sleep(500); throw new RuntimeException("stop");')
        second = self.kc.execute("int neverRuns = 1;")
        self.assertEqual(self.reply_to(first)["content"]["status"], "error")
        self.assertEqual(self.reply_to(second)["content"]["status"], "aborted")
        self.drain()
        reply, _ = self.execute("neverRuns")
        self.assertEqual(reply["status"], "error")

    def test_execution_count_rules(self):
        reply1, _ = self.execute("1")
        reply2, outputs = self.execute("2", silent=True)
        self.assertEqual(reply2["execution_count"], reply1["execution_count"])
        self.assertFalse([m for m in outputs if m["msg_type"] in ("execute_input", "execute_result")])
        reply3, _ = self.execute("3", store_history=False)
        self.assertEqual(reply3["execution_count"], reply1["execution_count"])
        reply4, _ = self.execute("4")
        self.assertEqual(reply4["execution_count"], reply1["execution_count"] + 1)

    def test_complete_answered_while_cell_runs(self):
        msg_id = self.kc.execute("Thread.sleep(4000);")
        time.sleep(0.5)
        started = time.time()
        complete_id = self.kc.complete("Math.ab", 7)
        reply = self.reply_to(complete_id, timeout=TIMEOUT)
        self.assertLess(time.time() - started, 2.0)
        self.assertIn("abs(", reply["content"]["matches"])
        self.km.interrupt_kernel()
        self.reply_to(msg_id)

    def test_cursor_positions_are_code_points(self):
        code = 'int n = "\U0001F600".leng'
        msg_id = self.kc.complete(code, len(code))
        content = self.reply_to(msg_id)["content"]
        self.assertEqual(content["cursor_end"], len(code))
        self.assertEqual(content["cursor_start"], len(code) - len("leng"))
        self.assertIn("length()", content["matches"])

    def test_kernel_survives_stack_overflow(self):
        self.execute("int down(int n) { return down(n + 1) + 1; }")
        reply, _ = self.execute("down(0)")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "java.lang.StackOverflowError")
        reply, _ = self.execute("1 + 1")
        self.assertEqual(reply["status"], "ok")

    def test_utf8_character_split_across_two_stream_messages_arrives_whole(self):
        # The first half of 中 is written, then 400 ms pass (several stream batches) before the rest.
        code = ('System.out.print("a"); System.out.write(0xE4); System.out.flush(); Thread.sleep(400);\n'
                'System.out.write(0xB8); System.out.write(0xAD); System.out.println(" 数据 ok"); System.out.flush();')
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok", reply)
        texts = [m["content"]["text"] for m in outputs if m["msg_type"] == "stream"]
        self.assertGreaterEqual(len(texts), 2, texts)
        self.assertEqual("".join(texts), "a中 数据 ok\n")
        self.assertFalse(any("\ufffd" in t for t in texts), texts)

    def test_non_ascii_values_and_errors(self):
        reply, outputs = self.execute('"训练数据 ✓"')
        self.assertEqual(self.result_text(outputs), '"训练数据 ✓"')
        reply, _ = self.execute('throw new IllegalStateException("数据集错误");')
        self.assertEqual(reply["evalue"], "数据集错误")

    def test_completion_of_a_variable_declared_earlier_in_the_cell(self):
        code = 'String s = "x"; s.toUpp'
        content = self.reply_to(self.kc.complete(code, len(code)))["content"]
        self.assertTrue(any(m.startswith("toUpperCase") for m in content["matches"]), content)
        self.assertEqual(content["cursor_start"], code.index("toUpp"))

    def test_inspect_shows_the_signature_and_a_magics_help(self):
        code = '"x".substring'
        content = self.reply_to(self.kc.inspect(code, len(code)))["content"]
        self.assertTrue(content["found"])
        self.assertIn("String String.substring(int", content["data"]["text/plain"])
        content = self.reply_to(self.kc.inspect("%time 1 + 1", 3))["content"]
        self.assertTrue(content["found"])
        self.assertIn("Time Java code", content["data"]["text/plain"])

    def test_a_cell_sent_after_an_error_reply_always_runs(self):
        # The front end sends the next cell as soon as it sees the error reply: that cell was not queued when
        # the error happened and must run (only requests queued before the error reply are aborted).
        deadline = time.time() + 90
        for round in range(100):
            self.assertLess(time.time(), deadline, "100 rounds took too long")
            failing = self.kc.execute('throw new RuntimeException("round %d");' % round)
            self.assertEqual(self.reply_to(failing)["content"]["status"], "error")
            following = self.kc.execute("%d + 1" % round)
            reply = self.reply_to(following)["content"]
            self.assertEqual(reply["status"], "ok", "round %d: %s" % (round, reply))
        self.drain()

    def test_too_large_request_gets_an_error_reply_and_idle(self):
        code = "/*" + "x" * 20_000_001 + "*/ 1"
        msg_id = self.kc.execute(code)
        reply = self.reply_to(msg_id, timeout=60)["content"]
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "RequestTooLarge")
        self.assertIn("20,000,000 characters", reply["evalue"])
        self.outputs_of(msg_id, timeout=60)  # ends at the request's idle status
        reply, outputs = self.execute("2 + 2")
        self.assertEqual(self.result_text(outputs), "4")


class JTuneSmallHeapTests(unittest.TestCase):
    """A kernel with little memory: running out of it inside the kernel's own code ends the cell, not the kernel."""

    @classmethod
    def setUpClass(cls):
        env = kernel_env()
        env["JTUNE_JAVA_OPTS"] = "-Xmx192m"
        cls.km, cls.kc = start_new_kernel(kernel_name="jtune", env=env, startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def test_out_of_memory_while_showing_a_value_is_an_error_reply_and_the_kernel_answers_on(self):
        code = ("class Huge implements dev.jtune.kernel.display.Displayable {\n"
                "  public dev.jtune.kernel.display.MimeBundle toMimeBundle() {\n"
                "    long[] all = new long[200_000_000];\n"
                "    return dev.jtune.kernel.display.MimeBundle.text(\"\" + all.length);\n"
                "  }\n"
                "}\n"
                "new Huge()")
        reply = self.kc.execute_interactive(code, timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "OutOfMemoryError")
        self.assertIn("JTUNE_JAVA_OPTS=-Xmx", reply["evalue"])
        reply = self.kc.execute_interactive("1 + 1", timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")


if __name__ == "__main__":
    unittest.main()
