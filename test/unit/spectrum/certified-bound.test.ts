/**
 * The Cholesky test of `mu I - A` (linalg/cholesky.ts) and the certified Hermitian bound /
 * power-iteration estimates of circulant-embedding.ts, on Hermitian matrices with known spectra:
 * `A = F diag(lambda) F^H` with F the unitary DFT matrix (a Hermitian circulant), whose eigenvalues
 * are exactly the chosen lambda.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { choleskyShiftSucceeds, choleskyBoundSlack } from "../../../src/spectrum/linalg/cholesky";
import { certifiedHermitianBound, hermitianBatch, hermitianMaxEstimates } from "../../../src/spectrum/circulant-embedding";
import { Rng } from "../../../src/core/random";

/** Writes `F diag(lambda) F^H` (n x n, interleaved) at matrix index `p` of `out`. */
function knownSpectrum(lambda: readonly number[], out: Float64Array, p: number): void {
  const n = lambda.length, base = 2 * p * n * n;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let re = 0, im = 0;
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * (((i - j) * k) % n)) / n;
      re += (lambda[k] * Math.cos(a)) / n;
      im += (lambda[k] * Math.sin(a)) / n;
    }
    out[base + 2 * (i * n + j)] = re;
    out[base + 2 * (i * n + j) + 1] = im;
  }
}

test("choleskyShiftSucceeds decides lambda_max < mu to about 1e-12 relative (known spectra, n = 1 to 40)", () => {
  const rng = new Rng(5);
  for (const n of [1, 2, 7, 24, 40]) {
    const lambda = Array.from(rng.normals(n)).map((v) => Math.abs(v) + 0.1);
    const A = new Float64Array(2 * n * n);
    knownSpectrum(lambda, A, 0);
    const top = Math.max(...lambda), work = new Float64Array(2 * n * n);
    assert.equal(choleskyShiftSucceeds(A, 0, n, top * (1 + 1e-11), work), true, `n=${n} above`);
    assert.equal(choleskyShiftSucceeds(A, 0, n, top * (1 - 1e-11), work), false, `n=${n} below`);
    // indefinite shifts fail, large ones pass
    assert.equal(choleskyShiftSucceeds(A, 0, n, -1, work), false);
    assert.equal(choleskyShiftSucceeds(A, 0, n, 10 * top, work), true);
    // the slack of the backward-error bound is tiny next to the matrix norm: gamma_{n+1} n mu
    const tr = lambda.reduce((a, b) => a + b, 0);
    const slack = choleskyBoundSlack(n, top, tr);
    assert.ok(slack >= 0 && slack < 1e-13 * top * (n + 1) * n, `slack ${slack}`);
  }
});

test("certifiedHermitianBound is above every lambda_max of a batch and within 1e-11 of the largest, from a low, a close and a high trial value", () => {
  const rng = new Rng(9), n = 12, batch = 30;
  const G = new Float64Array(2 * batch * n * n);
  let top = 0;
  for (let p = 0; p < batch; p++) {
    const lambda = Array.from(rng.normals(n)).map((v) => v * v);
    knownSpectrum(lambda, G, p);
    top = Math.max(top, ...lambda);
  }
  const low = certifiedHermitianBound(hermitianBatch(G, batch, n), 0);
  assert.ok(low.bound >= top && low.bound <= top * (1 + 1e-11), `bound ${low.bound} vs ${top}`);
  assert.ok(low.eigenSolves >= 1, "a trial of 0 fails somewhere and needs eigenvalues");
  const est = hermitianMaxEstimates(hermitianBatch(G, batch, n));
  const close = certifiedHermitianBound(hermitianBatch(G, batch, n), Math.max(...est));
  assert.ok(close.bound >= top && close.bound <= top * (1 + 1e-11));
  const high = certifiedHermitianBound(hermitianBatch(G, batch, n), 2 * top);
  assert.equal(high.eigenSolves, 0);
  assert.ok(high.bound >= 2 * top && high.bound <= 2 * top * (1 + 1e-11));
});

test("hermitianMaxEstimates never exceed lambda_max and converge with more steps (known spectra)", () => {
  const rng = new Rng(2), n = 10, batch = 8;
  const G = new Float64Array(2 * batch * n * n);
  const tops: number[] = [];
  for (let p = 0; p < batch; p++) {
    const lambda = Array.from(rng.normals(n)).map((v) => v * v + 0.01);
    knownSpectrum(lambda, G, p);
    tops.push(Math.max(...lambda));
  }
  const few = hermitianMaxEstimates(hermitianBatch(G, batch, n), 3), many = hermitianMaxEstimates(hermitianBatch(G, batch, n), 2000);
  for (let p = 0; p < batch; p++) {
    assert.ok(few[p] <= tops[p] * (1 + 1e-14) && many[p] <= tops[p] * (1 + 1e-14), `p=${p}`);
    assert.ok(many[p] >= few[p] - 1e-12 && many[p] > 0.99 * tops[p], `p=${p}: ${many[p]} vs ${tops[p]}`);
  }
});

test("certifiedHermitianBound: an all-zero batch gives 0 (nothing to prove), an exact trial value a bound within a few ulps", () => {
  assert.deepEqual(certifiedHermitianBound(hermitianBatch(new Float64Array(2 * 3 * 16), 3, 4), 0), { bound: 0, eigenSolves: 0, largest: -1 });
  const n = 6, G = new Float64Array(2 * n * n);
  const lambda = [0.5, 2, 1, 0.25, 3, 1.5];
  knownSpectrum(lambda, G, 0);
  const r = certifiedHermitianBound(hermitianBatch(G, 1, n), 3);
  assert.ok(r.bound >= 3 && r.bound <= 3 * (1 + 1e-13), `${r.bound}`);
});
