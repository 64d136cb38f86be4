import { test } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../../src/display/progress";
import { DomainError, OptionError } from "../../../src/core/errors";
import { captureStdout, recordingSink } from "./helpers";

test("in a kernel: one display, then update_display_data with the same id; final state has only counts", () => {
  const { sent, restore } = recordingSink();
  try {
    // intervalMs 0: every tick is sent, so the message sequence is exactly predictable.
    const p = progress(3, { label: "layers", intervalMs: 0 });
    p.tick();
    p.tick(2);
    p.done();
    p.done(); // idempotent
    assert.equal(sent.length, 4, "initial display + 2 ticks + done");
    const id = sent[0].options?.displayId;
    assert.ok(typeof id === "string" && id.startsWith("convspec-progress-"));
    assert.deepEqual(sent[0].options, { displayId: id });
    for (const m of sent.slice(1)) assert.deepEqual(m.options, { displayId: id, update: true });
    assert.equal(sent[0].bundle["text/plain"], `layers [${".".repeat(30)}] 0/3 (0%)`);
    const last = sent[3].bundle;
    assert.equal(last["text/plain"], `layers [${"#".repeat(30)}] 3/3 (100%) done`);
    assert.equal(last["text/html"], '<div class="convspec-progress"><progress value="3" max="3" style="width:20em"></progress> layers: 3/3 done</div>');
  } finally {
    restore();
  }
});

test("in a kernel: updates are throttled, the final state is always sent", () => {
  const { sent, restore } = recordingSink();
  try {
    // An interval far longer than the test: no tick may be sent, only the initial and the final state.
    const p = progress(1000, { intervalMs: 3_600_000 });
    for (let i = 0; i < 1000; i++) p.tick();
    p.done();
    assert.equal(sent.length, 2);
    assert.match(String(sent[1].bundle["text/plain"]), /1000\/1000 \(100%\) done$/);
  } finally {
    restore();
  }
});

test("outside a kernel: a plain line at each 10% step and a final line", async () => {
  const out = await captureStdout(() => {
    const p = progress(20, { label: "work" });
    for (let i = 0; i < 20; i++) p.tick();
    p.done();
  });
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 11, "10 steps of 10% plus the final line");
  assert.match(lines[0], /^work \[#{3}\.{27}\] 2\/20 \(10%\)$/);
  assert.equal(lines[10], `work [${"#".repeat(30)}] 20/20 (100%) done`);
});

test("progress rejects bad totals, over-ticking and unknown options", () => {
  assert.throws(() => progress(-1), DomainError);
  assert.throws(() => progress(2.5), DomainError);
  assert.throws(() => progress(3, { lable: "x" } as never), OptionError);
  const p = progress(2, { intervalMs: 0 });
  assert.throws(() => p.tick(3), DomainError);
  assert.equal(p.completed, 0);
});
