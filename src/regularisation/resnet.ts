/**
 * A small residual network for grey-scale images, with its exact backward pass.
 *
 * Architecture (all convolutions 3x3, stride 1, zero padding "same", cross-correlation as everywhere
 * in convspec; every convolution is a {@link ParametricConv} with the unconstrained kernel model):
 *   stem:     `h_0 = relu(K_0 * x + b_0)`                         (1 -> c channels)
 *   block r:  `a_r = relu(K_r1 * h_{r-1} + b_r1)`,
 *             `h_r = relu(h_{r-1} + K_r2 * a_r + b_r2)`            (c -> c, r = 1..blocks)
 *   head:     `f = mean over pixels of h_B` (global average pooling), `z = W f + c` (10 logits),
 *   loss:     mean over the batch of `-log softmax(z)_label` (nats).
 * Backward (reverse mode, D = diag of ReLU' with relu'(0) = 0):
 *   `dz = (softmax(z) - onehot) / batch`, `dW = dz f^T`, `dc = sum dz`, `df = W^T dz`, `dh_B = df / HW`;
 *   block: `dpre2 = D_2 dh_r`, `dK_r2 = corr(dpre2, a_r)`, `db_r2 = sum dpre2`, `da = K_r2^T dpre2`,
 *          `dpre1 = D_1 da`, `dK_r1 = corr(dpre1, h_{r-1})`, `dh_{r-1} = dpre2 + K_r1^T dpre1`;
 *   stem:  `dpre0 = D_0 dh_0`, `dK_0 = corr(dpre0, x)`,
 * where `corr` is the kernel gradient {@link ParametricConv.jthetaTMv} and `K^T` its `applyT`.
 * Parameters live in one flat Float64Array: per conv layer its kernel `[cout][cin][3][3]` then its
 * bias, in the order stem, block 1 conv 1, block 1 conv 2, ..., then W `[10][c]`, then c `[10]`.
 */
import { DomainError, ShapeError, checkInteger, checkOptions } from "../core/errors";
import type { KernelTensor } from "../core/kernel-tensor";
import { Rng } from "../core/random";
import { fullKernelModel, parametricConv, type ParametricConv } from "../models/index";

/** Options of {@link SmallResNet}. */
export interface SmallResNetOptions {
  /** Image height and width. */
  inputShape: readonly [number, number];
  /** Channels c of the stem and the blocks; default 8. */
  channels?: number;
  /** Residual blocks; default 2. */
  blocks?: number;
  /** Classes; default 10. */
  classes?: number;
}

/** One convolution of the network: where its kernel and bias sit in the parameter vector. */
export interface ResNetConvLayer {
  readonly name: string;
  readonly cout: number;
  readonly cin: number;
  readonly kernelOffset: number;
  readonly biasOffset: number;
  readonly conv: ParametricConv;
}

/** Loss, gradient, and the layer-by-layer activations a step needs. */
export interface ResNetLossGradient {
  loss: number;
  gradient: Float64Array;
  /** Number of examples classified correctly. */
  correct: number;
}

const relu = (x: Float64Array): Float64Array => x.map((v) => (v > 0 ? v : 0));

/** The network of the file comment. */
export class SmallResNet {
  readonly inputShape: readonly [number, number];
  readonly channels: number;
  readonly blocks: number;
  readonly classes: number;
  readonly layers: readonly ResNetConvLayer[];
  readonly headOffset: number;
  readonly nparams: number;
  private readonly hw: number;

  constructor(options: SmallResNetOptions) {
    const where = "SmallResNet";
    checkOptions(where, options, ["inputShape", "channels", "blocks", "classes"]);
    const s = options.inputShape;
    if (!Array.isArray(s) || s.length !== 2) throw new ShapeError(`${where}: inputShape must be [height, width], got ${JSON.stringify(s)}`);
    s.forEach((v, a) => checkInteger(where, `inputShape[${a}]`, v, 3, 4096));
    this.inputShape = [s[0], s[1]];
    this.channels = checkInteger(where, "channels", options.channels ?? 8, 1, 512);
    this.blocks = checkInteger(where, "blocks", options.blocks ?? 2, 0, 64);
    this.classes = checkInteger(where, "classes", options.classes ?? 10, 2, 10000);
    this.hw = s[0] * s[1];
    const c = this.channels;
    const layers: ResNetConvLayer[] = [];
    let off = 0;
    const add = (name: string, cout: number, cin: number) => {
      const conv = parametricConv(fullKernelModel(cout, cin, [3, 3]), { grid: [s[0], s[1]], boundary: "zero", method: "direct" });
      layers.push({ name, cout, cin, kernelOffset: off, biasOffset: off + cout * cin * 9, conv });
      off += cout * cin * 9 + cout;
    };
    add("stem", c, 1);
    for (let r = 1; r <= this.blocks; r++) { add(`block ${r} conv 1`, c, c); add(`block ${r} conv 2`, c, c); }
    this.layers = layers;
    this.headOffset = off;
    this.nparams = off + this.classes * c + this.classes;
  }

  /** Kernel of conv layer l as a KernelTensor (a view on params). */
  kernel(params: Float64Array, l: number): KernelTensor {
    const L = this.layers[l];
    return { cout: L.cout, cin: L.cin, shape: [3, 3], origin: [1, 1], data: params.subarray(L.kernelOffset, L.kernelOffset + L.cout * L.cin * 9) };
  }

  /**
   * Seeded initialisation: conv kernels N(0, 2 / (9 cin)) (He), the second conv of each block scaled
   * by 1/2 so that blocks start close to the identity, biases 0, W N(0, 1/c), c = 0.
   */
  init(seed: number): Float64Array {
    const rng = new Rng(seed);
    const p = new Float64Array(this.nparams);
    this.layers.forEach((L, l) => {
      const sd = Math.sqrt(2 / (9 * L.cin)) * (l > 0 && l % 2 === 0 ? 0.5 : 1);
      for (let j = 0; j < L.cout * L.cin * 9; j++) p[L.kernelOffset + j] = sd * rng.normal();
    });
    const sdW = 1 / Math.sqrt(this.channels);
    for (let j = 0; j < this.classes * this.channels; j++) p[this.headOffset + j] = sdW * rng.normal();
    return p;
  }

  private checkInputs(where: string, params: Float64Array, images: Float64Array, labels?: Uint8Array): number {
    if (!(params instanceof Float64Array) || params.length !== this.nparams) throw new ShapeError(`${where}: params must be a Float64Array of ${this.nparams} numbers, got ${params?.length}`);
    if (!(images instanceof Float64Array) || images.length === 0 || images.length % this.hw !== 0) throw new ShapeError(`${where}: images must be [examples][${this.inputShape[0]}][${this.inputShape[1]}], got ${images?.length} numbers`);
    const nex = images.length / this.hw;
    if (labels !== undefined) {
      if (!(labels instanceof Uint8Array) || labels.length !== nex) throw new ShapeError(`${where}: ${nex} images but ${labels?.length} labels`);
      for (const y of labels) if (y >= this.classes) throw new DomainError(`${where}: label ${y} is not in 0..${this.classes - 1}`);
    }
    return nex;
  }

  private kernelData(params: Float64Array, l: number): Float64Array {
    const L = this.layers[l];
    return params.subarray(L.kernelOffset, L.kernelOffset + L.cout * L.cin * 9);
  }

  /** `K_l * x + b_l`; throws DomainError naming the layer when a NaN/Inf appears. */
  private convForward(params: Float64Array, l: number, x: Float64Array, nex: number): Float64Array {
    const L = this.layers[l];
    const y = L.conv.apply(this.kernelData(params, l), x);
    for (let e = 0; e < nex; e++) for (let o = 0; o < L.cout; o++) {
      const b = params[L.biasOffset + o];
      const base = (e * L.cout + o) * this.hw;
      for (let j = 0; j < this.hw; j++) {
        const v = (y[base + j] += b);
        if (!Number.isFinite(v)) throw new DomainError(`SmallResNet: layer "${L.name}" produced ${v} (example ${e}, channel ${o}); training diverged or the input is not finite`);
      }
    }
    return y;
  }

  /** Logits `[nex][classes]` and the activations kept for the backward pass. */
  private forward(params: Float64Array, images: Float64Array, nex: number) {
    const pre: Float64Array[] = [];
    const acts: Float64Array[] = [];
    let h = relu((pre[0] = this.convForward(params, 0, images, nex)));
    acts.push(h);
    for (let r = 0; r < this.blocks; r++) {
      const p1 = this.convForward(params, 1 + 2 * r, h, nex);
      const a = relu(p1);
      const p2 = this.convForward(params, 2 + 2 * r, a, nex);
      for (let j = 0; j < p2.length; j++) p2[j] += h[j];
      pre.push(p1, p2);
      acts.push(a);
      h = relu(p2);
      acts.push(h);
    }
    const c = this.channels, C = this.classes;
    const f = new Float64Array(nex * c);
    for (let e = 0; e < nex; e++) for (let ch = 0; ch < c; ch++) {
      let s = 0;
      const base = (e * c + ch) * this.hw;
      for (let j = 0; j < this.hw; j++) s += h[base + j];
      f[e * c + ch] = s / this.hw;
    }
    const z = new Float64Array(nex * C);
    const W = this.headOffset, bias = this.headOffset + C * c;
    for (let e = 0; e < nex; e++) for (let k = 0; k < C; k++) {
      let s = params[bias + k];
      for (let ch = 0; ch < c; ch++) s += params[W + k * c + ch] * f[e * c + ch];
      z[e * C + k] = s;
    }
    return { pre, acts, f, z };
  }

  /** Predicted class of each image. */
  predict(params: Float64Array, images: Float64Array): Uint8Array {
    const nex = this.checkInputs("SmallResNet.predict", params, images);
    const out = new Uint8Array(nex);
    const batch = 256;
    for (let e0 = 0; e0 < nex; e0 += batch) {
      const e1 = Math.min(nex, e0 + batch);
      const { z } = this.forward(params, images.subarray(e0 * this.hw, e1 * this.hw), e1 - e0);
      for (let e = 0; e < e1 - e0; e++) {
        let best = 0;
        for (let k = 1; k < this.classes; k++) if (z[e * this.classes + k] > z[e * this.classes + best]) best = k;
        out[e0 + e] = best;
      }
    }
    return out;
  }

  /** Mean cross-entropy (nats) and its exact gradient with respect to all parameters (file comment). */
  lossAndGradient(params: Float64Array, images: Float64Array, labels: Uint8Array): ResNetLossGradient {
    const nex = this.checkInputs("SmallResNet.lossAndGradient", params, images, labels);
    const { pre, acts, f, z } = this.forward(params, images, nex);
    const c = this.channels, C = this.classes, hw = this.hw;
    const g = new Float64Array(this.nparams);
    // softmax cross-entropy
    let loss = 0, correct = 0;
    const dz = new Float64Array(nex * C);
    for (let e = 0; e < nex; e++) {
      let m = -Infinity, best = 0;
      for (let k = 0; k < C; k++) { if (z[e * C + k] > m) { m = z[e * C + k]; best = k; } }
      if (best === labels[e]) correct++;
      let s = 0;
      for (let k = 0; k < C; k++) s += Math.exp(z[e * C + k] - m);
      loss += Math.log(s) + m - z[e * C + labels[e]];
      for (let k = 0; k < C; k++) dz[e * C + k] = (Math.exp(z[e * C + k] - m) / s - (k === labels[e] ? 1 : 0)) / nex;
    }
    loss /= nex;
    const W = this.headOffset, bias = this.headOffset + C * c;
    const dh = new Float64Array(nex * c * hw);
    for (let e = 0; e < nex; e++) for (let k = 0; k < C; k++) {
      const d = dz[e * C + k];
      g[bias + k] += d;
      for (let ch = 0; ch < c; ch++) g[W + k * c + ch] += d * f[e * c + ch];
    }
    for (let e = 0; e < nex; e++) for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += params[W + k * c + ch] * dz[e * C + k];
      s /= hw;
      const base = (e * c + ch) * hw;
      for (let j = 0; j < hw; j++) dh[base + j] = s;
    }
    let dcur = dh;
    for (let r = this.blocks - 1; r >= 0; r--) {
      const l1 = 1 + 2 * r, l2 = 2 + 2 * r;
      const p1 = pre[1 + 2 * r], p2 = pre[2 + 2 * r];
      const a = acts[1 + 2 * r], hin = acts[2 * r];
      const dpre2 = dcur.map((v, j) => (p2[j] > 0 ? v : 0));
      this.accumulateConvGradient(params, l2, dpre2, a, nex, g);
      const da = this.layers[l2].conv.applyT(this.kernelData(params, l2), dpre2);
      const dpre1 = da.map((v, j) => (p1[j] > 0 ? v : 0));
      this.accumulateConvGradient(params, l1, dpre1, hin, nex, g);
      const dx = this.layers[l1].conv.applyT(this.kernelData(params, l1), dpre1);
      for (let j = 0; j < dx.length; j++) dx[j] += dpre2[j];
      dcur = dx;
    }
    const dpre0 = dcur.map((v, j) => (pre[0][j] > 0 ? v : 0));
    this.accumulateConvGradient(params, 0, dpre0, images, nex, g);
    for (let j = 0; j < g.length; j++) if (!Number.isFinite(g[j])) throw new DomainError(`SmallResNet: gradient entry ${j} (${this.parameterName(j)}) is ${g[j]}`);
    return { loss, gradient: g, correct };
  }

  private accumulateConvGradient(params: Float64Array, l: number, dpre: Float64Array, input: Float64Array, nex: number, g: Float64Array): void {
    const L = this.layers[l];
    const dK = L.conv.jthetaTMv(this.kernelData(params, l), dpre, input);
    g.set(dK, L.kernelOffset);
    for (let e = 0; e < nex; e++) for (let o = 0; o < L.cout; o++) {
      let s = 0;
      const base = (e * L.cout + o) * this.hw;
      for (let j = 0; j < this.hw; j++) s += dpre[base + j];
      g[L.biasOffset + o] += s;
    }
  }

  /** Which tensor parameter j belongs to (for error messages). */
  parameterName(j: number): string {
    for (const L of this.layers) {
      if (j >= L.kernelOffset && j < L.biasOffset) return `${L.name} kernel`;
      if (j >= L.biasOffset && j < L.biasOffset + L.cout) return `${L.name} bias`;
    }
    return j < this.headOffset + this.classes * this.channels ? "classifier weights" : "classifier bias";
  }
}
