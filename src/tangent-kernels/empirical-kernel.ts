/**
 * Empirical NTK and GP covariance of ONE random finite network of width m (Monte Carlo reference
 * for {@link convKernel}), built from src/models' conv layers and their Jacobians (no second
 * autodiff): `ConvLayer(parametricConv(fullKernelModel(m, c_in, [q], [0]), { grid: [d] }))` with
 * periodic padding is `g[c, j] = sum_{c', l} K[c, c', l] y[c', j + l]`, origin 0, as in the kernel.
 *
 * NTK parametrisation, He scaling (conv-kernel.ts): `K_h = sqrt(2 / (q c_in)) W_h` (`c_in = 1` for the
 * first layer: a unit pixel has norm 1 over its zeta channels), `W_h ~ N(0, 1)`,
 * `f^h = relu(K_h * f^(h-1))` (= sqrt(2) relu of the unit-variance pre-activation), readout
 * `f = (1/sqrt(d m)) sum_{c,j} v[c, j] f^L[c, j]` (fc) or `(1/(d sqrt m)) sum_c v[c] sum_j f^L[c, j]` (gap).
 *   GP:  `Sigma(x, z) = <phi(x), phi(z)>`, `phi = df/dv` (the readout features; the expectation over v
 *        of f(x) f(z) given the hidden weights),
 *   NTK: `Theta(x, z) = <df/dtheta(x), df/dtheta(z)>` over theta = (W_1..W_L, v), with
 *        `df/dW_h = sqrt(2/(q c_in)) J_{K_h}^T (df/df^h)` from `ConvLayer.linearize(...).jthetaTMv`
 *        and the backward pass `df/df^(h-1) = jYTMv(df/df^h)`.
 * Both converge to the kernel as m grows with fluctuations O(1/sqrt m) (CLT) and a bias O(1/m).
 */
import { DomainError, OptionError, Rng, SizeLimitError, checkInteger, checkOptions } from "../core/index";
import { ConvLayer, fullKernelModel, parametricConv } from "../models/index";
import { readPixelBatch, resolveArchitecture, type GramMatrix, type PixelBatch } from "./conv-kernel";

/** Options of {@link empiricalConvKernel}. */
export interface EmpiricalKernelOptions {
  /** Channels m of every hidden layer. Required. */
  width: number;
  /** Seed of the weights (W_1..W_L, v). Required. */
  seed: number;
  /** As in ConvKernelOptions (kind is ignored: both kernels are returned). */
  layers?: number;
  filterSize?: number;
  readout?: "fc" | "gap";
}

/** Largest width * width * filterSize * pixels product per layer (cost of one conv). */
export const EMPIRICAL_WORK_LIMIT = 1 << 28;

/** Empirical NTK and GP Gram matrices of one random network on the inputs; see the file comment. */
export function empiricalConvKernel(inputs: PixelBatch, options: EmpiricalKernelOptions): { ntk: GramMatrix; gp: GramMatrix } {
  const where = "empiricalConvKernel";
  if (!options || typeof options !== "object") throw new OptionError(`${where}: options { width, seed } are required`);
  checkOptions(where, options, ["width", "seed", "layers", "filterSize", "readout"]);
  const flat = readPixelBatch(where, "inputs", inputs);
  const [n, d, zeta] = flat.shape;
  const arch = resolveArchitecture(where, { layers: options.layers, filterSize: options.filterSize, readout: options.readout }, d);
  const m = checkInteger(where, "width", options?.width, 1);
  if (typeof options.seed !== "number" || !Number.isFinite(options.seed)) throw new DomainError(`${where}: seed must be a finite number, got ${String(options.seed)}`);
  const q = arch.filterSize, L = arch.layers;
  if (m * Math.max(m, zeta) * q * d > EMPIRICAL_WORK_LIMIT) throw new SizeLimitError(`${where}: width ${m} x ${m} x q ${q} x d ${d} = ${m * m * q * d} per conv; at most ${EMPIRICAL_WORK_LIMIT}`);
  const rng = new Rng(options.seed);
  const layers: ConvLayer[] = [], thetas: Float64Array[] = [], scales: number[] = [];
  for (let h = 0; h < L; h++) {
    const cin = h === 0 ? zeta : m;
    layers.push(new ConvLayer(parametricConv(fullKernelModel(m, cin, [q], [0]), { grid: [d], boundary: "periodic", method: "direct" }), "relu"));
    // layer 1 sums zeta channels of a unit pixel: the channel sum is already normalised (Lambda_1 = mean_l <x, z>)
    const s = Math.sqrt(2 / (q * (h === 0 ? 1 : cin)));
    scales.push(s);
    thetas.push(rng.normals(m * cin * q, s));
  }
  const v = rng.normals(arch.readout === "fc" ? m * d : m);
  const bias = new Float64Array(m);
  const feats: Float64Array[] = [], grads: Float64Array[] = [];
  for (let e = 0; e < n; e++) {
    const Y0 = new Float64Array(zeta * d);
    for (let i = 0; i < d; i++) for (let c = 0; c < zeta; c++) Y0[c * d + i] = flat.data[(e * d + i) * zeta + c];
    const lins = [];
    let Y = Y0;
    for (let h = 0; h < L; h++) { const lin = layers[h].linearize(thetas[h], bias, Y); lins.push(lin); Y = lin.Z; }
    // readout features phi = df/dv and the backward seed df/df^L
    let phi: Float64Array;
    let w = new Float64Array(m * d);
    if (arch.readout === "fc") {
      const s = 1 / Math.sqrt(d * m);
      phi = new Float64Array(m * d);
      for (let k = 0; k < m * d; k++) { phi[k] = s * Y[k]; w[k] = s * v[k]; }
    } else {
      const s = 1 / (d * Math.sqrt(m));
      phi = new Float64Array(m);
      for (let c = 0; c < m; c++) { let acc = 0; for (let j = 0; j < d; j++) { acc += Y[c * d + j]; w[c * d + j] = s * v[c]; } phi[c] = s * acc; }
    }
    const parts: Float64Array[] = [phi];
    for (let h = L - 1; h >= 0; h--) {
      const g = lins[h].jthetaTMv(w);
      for (let k = 0; k < g.length; k++) g[k] *= scales[h]; // K = s W, so df/dW = s df/dK
      parts.push(g);
      if (h > 0) w = lins[h].jYTMv(w);
    }
    feats.push(phi);
    let len = 0; for (const p of parts) len += p.length;
    const gv = new Float64Array(len); let o = 0; for (const p of parts) { gv.set(p, o); o += p.length; }
    grads.push(gv);
  }
  const gram = (vecs: Float64Array[]) => {
    const out = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a; b < n; b++) {
      let s = 0; const x = vecs[a], y = vecs[b];
      for (let k = 0; k < x.length; k++) s += x[k] * y[k];
      out[a * n + b] = s; out[b * n + a] = s;
    }
    return { rows: n, cols: n, data: out };
  };
  return { ntk: gram(grads), gp: gram(feats) };
}
