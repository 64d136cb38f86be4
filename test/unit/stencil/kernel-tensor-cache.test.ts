import { test } from "node:test";
import assert from "node:assert/strict";
import { Stencil } from "../../../src/stencil/index";

test("Stencil.toKernelTensor converts once but hands out a fresh copy each call: mutating one result does not change the next", () => {
  const S = Stencil.from([["1/3", "2", "-1/7"]]);
  const a = S.toKernelTensor();
  assert.deepEqual(Array.from(a.data), [1 / 3, 2, -1 / 7]);
  a.data[0] = 99;
  const b = S.toKernelTensor();
  assert.notEqual(a.data, b.data);
  assert.deepEqual(Array.from(b.data), [1 / 3, 2, -1 / 7]);
});
