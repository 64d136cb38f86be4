import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ShapeError } from "../../../src/core/errors";
import { denseEigenvalues, eigenvalueSetDistance, symbolEigenvalueGap } from "../../../src/models/spectra";
import { checkRegistry, parametricConvRegistry } from "../../../src/models/registry";
import { fullKernelModel } from "../../../src/models/kernel-model";
import { ParametricConv } from "../../../src/models/parametric-conv";
import { numpy } from "./helpers";

test("denseEigenvalues (ml-matrix EVD) equals numpy's eigvals on a random non-symmetric matrix", () => {
  const n = 12;
  const M = new Rng(41).normals(n * n);
  const ours = denseEigenvalues(M, n);
  const ref = numpy<number[]>("w = np.linalg.eigvals(np.array(data).reshape(12, 12))\nprint(json.dumps([v for z in w for v in (float(z.real), float(z.imag))]))", Array.from(M));
  // a random 12x12 Gaussian matrix has well-separated eigenvalues (condition ~10): both solvers agree to ~1e-13
  assert.ok(eigenvalueSetDistance(ours, Float64Array.from(ref)) < 1e-10);
  assert.equal(eigenvalueSetDistance(ours, ours.subarray(2)), Infinity);
  assert.throws(() => denseEigenvalues(new Float64Array(5), 2), ShapeError);
});

test("FFT eigenvalues equal the symbolic core's symbol at -w_k for every registered periodic operator with a stencil", () => {
  let checked = 0;
  for (const r of parametricConvRegistry()) {
    if (r.conv.boundary !== "periodic" || r.conv.method !== "fft" || typeof (r.conv.model as { stencil?: unknown }).stencil !== "function") continue;
    // both sides sum the same <= 25 O(1) terms: agreement to 1e-12
    assert.ok(symbolEigenvalueGap(r.conv, r.theta) < 1e-12, r.name);
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} families checked`);
  assert.throws(() => symbolEigenvalueGap(new ParametricConv(fullKernelModel(1, 1, [3]), { grid: [5] }), new Float64Array(3)), ShapeError);
});

test("checkRegistry reports passing checks for all operators", () => {
  const rows = checkRegistry();
  assert.equal(rows.length, parametricConvRegistry().length);
  for (const r of rows) assert.ok(r.adjointK < 1e-10 && r.adjointJ < 1e-10 && r.taylor, JSON.stringify(r));
});
