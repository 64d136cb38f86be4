"""Drives the installed convspec kernel through jupyter_client and prints measurements as JSON.

  /usr/bin/python3 test/kernel/kernel_driver.py robustness   # interrupts, recovery, 1000 cells, timings
  /usr/bin/python3 test/kernel/kernel_driver.py anywhere DIR # "convspec" with types from cwd=DIR

The last stdout line is `RESULT <json>`; the node:test files assert on it. JUPYTER_PATH must
point at the prefix holding the kernel spec (the node tests set it).
"""
import json
import os
import signal
import statistics
import sys
import time

from jupyter_client.manager import KernelManager
from jupyter_client.utils import run_sync

TIMEOUT = 30


def start(cwd=None):
    km = KernelManager(kernel_name="convspec")
    t0 = time.perf_counter()
    km.start_kernel(cwd=cwd) if cwd else km.start_kernel()
    kc = km.client()
    kc.start_channels()
    return km, kc, t0


def run(kc, code, timeout=TIMEOUT, wait_reply=True):
    """Executes code; returns (reply content, [(msg_type, content)...]) once the kernel is idle."""
    msg_id = kc.execute(code)
    if not wait_reply:
        return msg_id
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    deadline = time.time() + timeout
    reply = None
    while reply is None:
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") == msg_id:
            reply = m["content"]
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status":
            if m["content"]["execution_state"] == "idle":
                break
            continue
        outputs.append((m["msg_type"], m["content"]))
    return reply, outputs


def result_text(outputs):
    for t, c in outputs:
        if t == "execute_result":
            return c["data"].get("text/plain")
    return None


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def interrupt_by_message(kc):
    msg = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(msg)
    reply = run_sync(kc.control_channel.get_msg)(timeout=TIMEOUT)
    return reply["content"].get("status")


def progress(text):
    print(f"[driver] {text}", file=sys.stderr, flush=True)


def interrupt_case(km, kc, code, how, probe_busy=False):
    """Starts `code`, interrupts it after 1 s by `how`; returns what happened.

    With probe_busy, first checks that heartbeat and control still answer while the main thread
    is blocked (they live in the kernel's I/O worker thread)."""
    progress(f"interrupt by {how}: {code!r}")
    msg_id = run(kc, code, wait_reply=False)
    time.sleep(1.0)  # let the cell compile and start spinning, even on a loaded machine
    probes = {}
    if probe_busy:
        time.sleep(2.0)  # several heartbeat periods (1 s) while the loop spins
        probes["heartbeat_while_busy"] = kc.hb_channel.is_beating()
        info = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(info)
        reply = run_sync(kc.control_channel.get_msg)(timeout=5)
        probes["control_kernel_info_while_busy"] = reply["content"].get("implementation")
    t0 = time.perf_counter()
    control_status = None
    if how == "sigint":
        km.signal_kernel(signal.SIGINT)
    else:
        control_status = interrupt_by_message(kc)
    reply, outputs = collect(kc, msg_id, timeout=15)
    latency = time.perf_counter() - t0
    after_reply, after_out = run(kc, "1 + 1", timeout=15)
    return {
        "status": reply["status"],
        "ename": reply.get("ename"),
        "interrupt_reply": control_status,
        "latency_s": round(latency, 3),
        "usable_after": after_reply["status"] == "ok" and result_text(after_out) == "2",
        **probes,
    }


def robustness():
    out = {}
    km, kc, t0 = start()
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, outputs = run(kc, "1 + 1")
    out["cold_start_to_first_result_s"] = round(time.perf_counter() - t0, 3)
    out["first_result"] = result_text(outputs)
    pid = km.provisioner.process.pid

    # Per-cell overhead: wall time from execute_request to idle for a trivial cell.
    times = []
    for _ in range(50):
        t = time.perf_counter()
        run(kc, "1")
        times.append(time.perf_counter() - t)
    out["per_cell_overhead_median_ms"] = round(statistics.median(times) * 1000, 2)

    # silent: no IOPub output and no execution count; user_expressions are evaluated after a cell.
    silent_id = kc.execute('const hidden = 21; console.log("side effect")', silent=True)
    r_silent, o_silent = collect(kc, silent_id)
    ue_id = kc.execute("hidden", user_expressions={"twice": "hidden * 2", "bad": "nope("})
    r_ue, _ = collect(kc, ue_id)
    ue = r_ue.get("user_expressions", {})
    out["silent"] = {
        "status": r_silent["status"],
        "output_types": sorted({t for t, _ in o_silent}),
        "next_count_continues": r_ue["execution_count"] == r_silent["execution_count"] + 1,
        "user_expression": ue.get("twice", {}).get("data", {}).get("text/plain"),
        "user_expression_error": ue.get("bad", {}).get("status"),
    }

    # Error, then still usable; a queued cell behind an error is aborted, the next one runs.
    reply, outputs = run(kc, 'throw new RangeError("planned")')
    after, after_out = run(kc, "40 + 2")
    out["after_error"] = {"status": reply["status"], "ename": reply.get("ename"), "usable_after": result_text(after_out) == "42"}
    first = kc.execute('throw new Error("first")')
    queued = kc.execute("'must not run'")
    r1, _ = collect(kc, first)
    r2, o2 = collect(kc, queued)
    out["stop_on_error"] = {"first": r1["status"], "queued": r2["status"], "queued_outputs": len(o2)}

    out["sigint_sync_loop"] = interrupt_case(km, kc, "while (true) {}", "sigint")
    out["message_sync_loop"] = interrupt_case(km, kc, "while (true) {}", "message", probe_busy=True)
    async_loop = "(globalThis as any).ticks = 0;\nwhile (true) { (globalThis as any).ticks++; await new Promise((r) => setTimeout(r, 5)); }"
    for how in ("sigint", "message"):
        case = interrupt_case(km, kc, async_loop, how)
        _, o1 = run(kc, "(globalThis as any).ticks")
        time.sleep(0.3)
        _, o2 = run(kc, "(globalThis as any).ticks")
        case["loop_stopped"] = result_text(o1) == result_text(o2)
        case["ticks"] = result_text(o2)
        out[f"{how}_async_loop"] = case
    out["message_sync_after_await"] = interrupt_case(
        km, kc, "await new Promise((r) => setTimeout(r, 10));\nwhile (true) {}", "message"
    )

    # A result whose display method spins: the kernel's own rendering step is terminated.
    out["message_render_loop"] = interrupt_case(
        km, kc, 'import { DISPLAY } from "convspec";\n({ [DISPLAY]: async () => { await null; while (true) {} } })', "message"
    )

    # 1000 small executions; every 10th declares a new variable (declarations accumulate in
    # tslab's declaration file as in a long notebook session).
    run(kc, "let counter = 0")
    # The live JS heap after a full GC, measured inside the kernel (gc made callable at run time).
    heap_code = (
        'require("v8").setFlagsFromString("--expose-gc");\n'
        'require("vm").runInNewContext("gc")();\n'
        "Math.round(process.memoryUsage().heapUsed / 1048576)"
    )
    _, o = run(kc, heap_code)
    heap_before = float(result_text(o))
    rss_before = rss_mb(pid)
    t = time.perf_counter()
    ok = 0
    progress("1000 small executions")
    for i in range(1000):
        code = f"const v{i} = {i} * 2; counter++; v{i}" if i % 10 == 0 else "counter++"
        reply, outputs = run(kc, code)
        ok += reply["status"] == "ok"
    elapsed = time.perf_counter() - t
    _, outputs = run(kc, "counter")
    _, o = run(kc, heap_code)
    heap_after = float(result_text(o))
    out["thousand_cells"] = {
        "heap_before_mb": heap_before,
        "heap_after_mb": heap_after,
        "ok": ok,
        "counter": result_text(outputs),
        "seconds": round(elapsed, 2),
        "rss_before_mb": round(rss_before, 1),
        "rss_after_mb": round(rss_mb(pid), 1),
    }
    # Restart (shutdown_request with restart=True, then the manager starts a new process).
    progress("restart")
    old_pid = pid
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, outputs = run(kc, "typeof (globalThis as any).ticks")  # set by the async-loop cells above
    out["restart"] = {
        "new_process": km.provisioner.process.pid != old_pid and not os.path.exists(f"/proc/{old_pid}/status"),
        "state_cleared": result_text(outputs) == "'undefined'",
        "execution_count": reply["execution_count"],
    }
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    out["shutdown_clean"] = not km.is_alive()
    return out


def anywhere(cwd):
    out = {"cwd": cwd}
    km, kc, _ = start(cwd=cwd)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, outputs = run(kc, "process.cwd()")
    out["kernel_cwd"] = result_text(outputs)
    code = (
        'import { DISPLAY, toMimeBundle } from "convspec";\n'
        'const b = await toMimeBundle({ [DISPLAY]: () => ({ "text/html": "<p>x</p>" }) });\n'
        'Object.keys(b).sort().join(",")'
    )
    reply, outputs = run(kc, code)
    out["use"] = {"status": reply["status"], "result": result_text(outputs)}
    code = (
        'import { show, linePlot } from "convspec";\n'
        'show(linePlot(Float64Array.from([0, 1, 2]), { y: Float64Array.from([0, 1, 4]) }));\n'
        'console.log("after show");'
    )
    reply, outputs = run(kc, code)
    out["unawaited_show"] = {"status": reply["status"], "types": sorted({t for t, _ in outputs}),
                             "mimes": sorted({m for t, c in outputs if t == "display_data" for m in c["data"]})}
    code = 'import { DisplayOptions } from "convspec";\nconst opts: DisplayOptions = { displayId: 42 };'
    reply, outputs = run(kc, code)
    out["type_error"] = {"status": reply["status"], "ename": reply.get("ename"), "evalue": reply.get("evalue")}
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return out


if __name__ == "__main__":
    mode = sys.argv[1]
    res = robustness() if mode == "robustness" else anywhere(sys.argv[2])
    print("RESULT " + json.dumps(res))
