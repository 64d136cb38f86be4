// PrunedRealDft (src/grid/pruned-dft.ts: radix-2 split + folded odd-length sums, channel pairs packed
// on the real axis) against the dense-contraction version it replaced (copied below, the only copy),
// at the two sigma_max bench shapes of bench/spectral-norm.bench.ts: box 32 x 32 in grid 34 x 34 with
// 64 channels, box 8 x 8 in grid 10 x 10 with 256 channels (layout [pos][channel]). Old and new run
// alternately in this process, BENCH_REPEATS (default 15) timed repeats after warm-up; medians, and
// the largest difference of the results relative to their largest entry.
import { ShapeError } from "../src/core/errors";
import { contractDirect } from "../src/grid/evaluate";
import { PrunedRealDft } from "../src/grid/pruned-dft";
import { Rng } from "../src/core/random";
import { median } from "./harness";

/** The dense-contraction PrunedRealDft before this change (one phase table per axis), kept only as the timing reference. */
class OldPrunedRealDft {
  readonly d: number;
  readonly half: readonly number[];
  readonly halfSize: number;
  readonly boxSize: number;
  private readonly fwd: Float64Array[];
  private readonly inv: Float64Array[];
  constructor(readonly n: readonly number[], readonly L: readonly number[], readonly width: number) {
    const phases = (rows: number, cols: number, Lp: number, sign: 1 | -1, scale: (t: number) => number) => {
      const e = new Float64Array(2 * rows * cols);
      for (let j = 0; j < rows; j++) for (let t = 0; t < cols; t++) {
        const angle = (2 * Math.PI * ((j * t) % Lp)) / Lp;
        const s = scale(t);
        e[2 * (j * cols + t)] = s * Math.cos(angle);
        e[2 * (j * cols + t) + 1] = sign * s * Math.sin(angle);
      }
      return e;
    };
    this.d = n.length;
    const d = this.d;
    const h = Math.floor(L[d - 1] / 2) + 1;
    this.half = [...L.slice(0, d - 1), h];
    this.halfSize = this.half.reduce((p, v) => p * v, 1);
    this.boxSize = n.reduce((p, v) => p * v, 1);
    this.fwd = n.map((na, a) => phases(a === d - 1 ? h : L[a], na, L[a], -1, () => 1));
    const Ld = L[d - 1];
    const weight = (k: number) => (k === 0 || 2 * k === Ld ? 1 : 2) / Ld;
    this.inv = n.map((na, a) => (a === d - 1 ? phases(na, h, Ld, 1, weight) : phases(na, L[a], L[a], 1, () => 1 / L[a])));
  }
  forward(x: Float64Array): Float64Array {
    const { n, d, width } = this;
    if (x.length !== this.boxSize * width) throw new ShapeError("old forward: size");
    const h = this.half[d - 1], nd = n[d - 1];
    const P = this.boxSize / nd;
    let cur = new Float64Array(2 * P * h * width);
    const E = this.fwd[d - 1];
    for (let p = 0; p < P; p++) for (let k = 0; k < h; k++) {
      const o = 2 * (p * h + k) * width;
      for (let j = 0; j < nd; j++) {
        const er = E[2 * (k * nd + j)], ei = E[2 * (k * nd + j) + 1];
        const xi = (p * nd + j) * width;
        for (let s = 0; s < width; s++) { const v = x[xi + s]; cur[o + 2 * s] += er * v; cur[o + 2 * s + 1] += ei * v; }
      }
    }
    const dims = [...n.slice(0, d - 1), h];
    for (let a = d - 2; a >= 0; a--) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const out = new Float64Array(2 * Pa * this.L[a] * S);
      contractDirect(cur, Pa, n[a], S, this.fwd[a], this.L[a], out);
      cur = out;
      dims[a] = this.L[a];
    }
    return cur;
  }
  inverse(X: Float64Array): Float64Array {
    const { n, d, width } = this;
    if (X.length !== 2 * this.halfSize * width) throw new ShapeError("old inverse: size");
    const dims = [...this.half];
    let cur = X;
    for (let a = 0; a < d - 1; a++) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const out = new Float64Array(2 * Pa * n[a] * S);
      contractDirect(cur, Pa, this.L[a], S, this.inv[a], n[a], out);
      cur = out;
      dims[a] = n[a];
    }
    const h = this.half[d - 1], nd = n[d - 1];
    const P = this.boxSize / nd;
    const x = new Float64Array(this.boxSize * width);
    const E = this.inv[d - 1];
    for (let p = 0; p < P; p++) for (let j = 0; j < nd; j++) {
      const o = (p * nd + j) * width;
      for (let k = 0; k < h; k++) {
        const er = E[2 * (j * h + k)], ei = E[2 * (j * h + k) + 1];
        const ci = 2 * (p * h + k) * width;
        for (let s = 0; s < width; s++) x[o + s] += er * cur[ci + 2 * s] - ei * cur[ci + 2 * s + 1];
      }
    }
    return x;
  }
}

/** max |a - b| / max |b|. */
function relDiff(a: Float64Array, b: Float64Array): number {
  let e = 0, s = 0;
  for (let i = 0; i < a.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return e / s;
}

const REPEATS = Math.max(10, Number(process.env.BENCH_REPEATS ?? 15));
const ms = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };

for (const [n, L, width] of [[[32, 32], [34, 34], 64], [[8, 8], [10, 10], 256]] as [number[], number[], number][]) {
  const rng = new Rng(17);
  const oldDft = new OldPrunedRealDft(n, L, width), dft = new PrunedRealDft(n, L, width);
  const x = rng.normals(dft.boxSize * width);
  const Xold = oldDft.forward(x), Xnew = dft.forward(x);
  const xOld = oldDft.inverse(Xold), xNew = dft.inverse(Xold);
  const outF = new Float64Array(Xnew.length), outI = new Float64Array(xNew.length);
  const t: Record<string, number[]> = { oldF: [], newF: [], newFout: [], oldI: [], newI: [], newIout: [] };
  for (let r = 0; r < 5; r++) { oldDft.forward(x); dft.forward(x); dft.forward(x, outF); oldDft.inverse(Xold); dft.inverse(Xold); dft.inverse(Xold, outI); }
  for (let r = 0; r < REPEATS; r++) {
    t.oldF.push(ms(() => oldDft.forward(x)));
    t.newF.push(ms(() => dft.forward(x)));
    t.newFout.push(ms(() => dft.forward(x, outF)));
    t.oldI.push(ms(() => oldDft.inverse(Xold)));
    t.newI.push(ms(() => dft.inverse(Xold)));
    t.newIout.push(ms(() => dft.inverse(Xold, outI)));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  const shape = `n ${n.join("x")} L ${L.join("x")} width ${width}`;
  console.log(`${shape}: forward old ${m.oldF.toFixed(3)} ms, new ${m.newF.toFixed(3)} ms (with out ${m.newFout.toFixed(3)} ms), speed-up ${(m.oldF / m.newF).toFixed(2)}x; ` +
    `inverse old ${m.oldI.toFixed(3)} ms, new ${m.newI.toFixed(3)} ms (with out ${m.newIout.toFixed(3)} ms), speed-up ${(m.oldI / m.newI).toFixed(2)}x; ` +
    `relative difference forward ${relDiff(Xnew, Xold).toExponential(2)}, inverse ${relDiff(xNew, xOld).toExponential(2)} (${REPEATS} repeats)`);
  for (const [dir, o, nw] of [["forward", m.oldF, m.newF], ["inverse", m.oldI, m.newI]] as [string, number, number][]) {
    console.log("BENCH " + JSON.stringify({ name: `PrunedRealDft.${dir} ${shape}`, convspec_s: nw / 1000, reference: "dense-contraction PrunedRealDft (previous version)", reference_s: o / 1000 }));
  }
}
