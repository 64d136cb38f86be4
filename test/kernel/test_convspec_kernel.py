"""Jupyter's reference kernel test-suite (jupyter_kernel_test) against the convspec kernel.

Run (test/kernel/kernel-suite.test.ts does this):
  JUPYTER_PATH=$PWD/.jupyter-prefix/share/jupyter /usr/bin/python3 test/kernel/test_convspec_kernel.py

Every check the installed suite (jupyter_kernel_test 0.4.5) offers is enabled: kernel_info
(language name and file extension), stdout, stderr, execute_result (several MIME types),
display_data, error, completion, is_complete (complete / incomplete / invalid), inspect, pager,
history (tail, range, search) and clear_output. No test is skipped.
"""
import os
import sys
import unittest

import jupyter_kernel_test

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
os.environ.setdefault("JUPYTER_PATH", os.path.join(ROOT, ".jupyter-prefix", "share", "jupyter"))

# Samples below import from "convspec": the kernel must resolve it (with types) from any cwd.
SINK = 'import { getDisplaySink } from "convspec";\n'


class ConvspecKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "convspec"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("written to stderr")'

    # tslab's completion also offers names that merely CONTAIN the typed prefix (asin for "si").
    completion_samples = [
        {"text": "Math.si", "matches": {"sign", "sin", "sinh", "asin", "asinh"}},
        {"text": "const alphaBeta = 1; alphaB", "matches": {"alphaBeta"}},
        {"text": 'import * as cs from "convspec";\ncs.setDisplayS', "matches": {"setDisplaySink"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "const x = 3;",
        "function f(a: number): number { return a; }",
        "for (let i = 0; i < 3; i++) {\n  console.log(i);\n}",
        "if (true) {\n",  # two trailing blank lines force execution (console convention)
    ]
    complete_code_samples[-1] += "\n"
    incomplete_code_samples = [
        "function f(a: number) {",
        "const v = [1, 2,",
        "Math.max(1,",
        "const s = `template",
        "let y =",
    ]
    invalid_code_samples = [
        "1 +* 2",
        "let x = );",
        "}",
        "x = 1 2",
        "'unterminated string",
    ]

    code_inspect_sample = "Math.max"
    code_page_something = "Math.max?"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"con" + "vspec"', "result": "'convspec'"},
        {"code": "[1, 2, 3].map((v) => v * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "await Promise.resolve(7)", "result": "7"},
        {
            "code": 'import { DISPLAY } from "convspec";\n'
            '({ [DISPLAY]: () => ({ "text/latex": "$\\\\sigma_{max}$", "text/plain": "sigma" }) })',
            "mime": "text/latex",
            "result": "$\\sigma_{max}$",
        },
        {
            "code": 'import { DISPLAY } from "convspec";\n'
            '({ [DISPLAY]: async () => ({ "text/html": "<b>async</b>" }) })',
            "mime": "text/html",
            "result": "<b>async</b>",
        },
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": SINK + 'getDisplaySink()!.display({ "text/html": "<i>hi</i>", "text/plain": "hi" })', "mime": "text/html"},
        {"code": SINK + 'getDisplaySink()!.display({ "image/svg+xml": "<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>", "text/plain": "svg" }, { displayId: "d1" })', "mime": "image/svg+xml"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>tslab API</b>")', "mime": "text/html"},
    ]

    code_clear_output = SINK + 'getDisplaySink()!.clearOutput(true)'

    code_generate_error = 'throw new Error("deliberate failure")'


if __name__ == "__main__":
    unittest.main(verbosity=2)
