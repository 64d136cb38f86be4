/**
 * A small image classifier built on one parametric convolution layer, trained with the library's
 * own Jacobians (no automatic differentiation):
 *   `F = P sigma(K(theta) Y + b)`  (a {@link ConvLayer}; P = average pooling over s x s blocks, the
 *   lecture's "outlook", identity for s = 1; F has `cout * N / s^d` features per example),
 *   `logits = W F + c`  (W: classes x (cout N)),  `loss = mean_e CE(softmax(logits_e), label_e)`.
 * Gradient by the chain rule: `G = (softmax - onehot) / nex`; `dW = G^T F`, `dc = sum_e G_e`,
 * `dF = G W`, `dZ = P^T dF`, then `dtheta = J_theta^T dZ` and `db = J_b^T dZ` from the layer's linearisation.
 * Parameters are packed `[theta (p), b (cout), W (classes * cout N, row-major), c (classes)]`.
 */
import { ShapeError, checkFinite, checkInteger, checkOptions } from "../core/errors";
import { ConvLayer } from "./layer";

/** Loss, gradient and training accuracy at one parameter vector. */
export interface LossAndGradient {
  /** Mean cross-entropy (nats per example). */
  loss: number;
  gradient: Float64Array;
  /** Fraction of examples whose arg-max logit is the label. */
  accuracy: number;
}

export class ConvClassifier {
  readonly layer: ConvLayer;
  readonly classes: number;
  /** Features per example `cout * N / pool^d`. */
  readonly features: number;
  /** Average-pooling factor s per axis (1: none). */
  readonly pool: number;
  /** Pooled index of every grid point. */
  private readonly poolMap: Int32Array;
  private readonly pooledPoints: number;
  constructor(layer: ConvLayer, classes = 10, options: { pool?: number } = {}) {
    checkOptions("ConvClassifier", options, ["pool"]);
    if (!(layer instanceof ConvLayer)) throw new ShapeError("ConvClassifier: layer must be a ConvLayer");
    this.layer = layer;
    this.classes = checkInteger("ConvClassifier", "classes", classes, 2);
    const s = (this.pool = checkInteger("ConvClassifier", "pool", options.pool ?? 1, 1));
    const grid = layer.conv.grid;
    grid.forEach((n, a) => { if (n % s !== 0) throw new ShapeError(`ConvClassifier: pool ${s} does not divide grid[${a}] = ${n}`); });
    const pooled = grid.map((n) => n / s);
    this.pooledPoints = pooled.reduce((p, n) => p * n, 1);
    this.poolMap = new Int32Array(layer.conv.npoints);
    const idx = new Array<number>(grid.length).fill(0);
    for (let x = 0; x < layer.conv.npoints; x++) {
      let q = 0;
      for (let a = 0; a < grid.length; a++) q = q * pooled[a] + Math.floor(idx[a] / s);
      this.poolMap[x] = q;
      for (let a = grid.length - 1; a >= 0; a--) { if (++idx[a] < grid[a]) break; idx[a] = 0; }
    }
    this.features = layer.conv.cout * this.pooledPoints;
  }
  /** `P Z`: block averages, `[nex][cout][pooled grid]`. */
  private poolForward(Z: Float64Array): Float64Array {
    const N = this.layer.conv.npoints, M = this.pooledPoints, lines = Z.length / N;
    const w = 1 / (N / M);
    const out = new Float64Array(lines * M);
    for (let l = 0; l < lines; l++) for (let x = 0; x < N; x++) out[l * M + this.poolMap[x]] += w * Z[l * N + x];
    return out;
  }
  /** `P^T F`: each block value spread back with weight 1 / s^d. */
  private poolTranspose(F: Float64Array): Float64Array {
    const N = this.layer.conv.npoints, M = this.pooledPoints, lines = F.length / M;
    const w = 1 / (N / M);
    const out = new Float64Array(lines * N);
    for (let l = 0; l < lines; l++) for (let x = 0; x < N; x++) out[l * N + x] = w * F[l * M + this.poolMap[x]];
    return out;
  }
  /** Total number of parameters `p + cout + classes * features + classes`. */
  get nparams(): number { return this.layer.conv.nparams + this.layer.conv.cout + this.classes * this.features + this.classes; }
  /** Views of the packed parameter vector. */
  split(params: Float64Array): { theta: Float64Array; b: Float64Array; W: Float64Array; c: Float64Array } {
    if (!(params instanceof Float64Array) || params.length !== this.nparams) throw new ShapeError(`ConvClassifier: params must have ${this.nparams} numbers, got ${params?.length}`);
    checkFinite("ConvClassifier: params", params);
    const p = this.layer.conv.nparams;
    const cout = this.layer.conv.cout;
    const nw = this.classes * this.features;
    return {
      theta: params.subarray(0, p),
      b: params.subarray(p, p + cout),
      W: params.subarray(p + cout, p + cout + nw),
      c: params.subarray(p + cout + nw),
    };
  }
  private checkLabels(labels: Uint8Array, nex: number): void {
    if (!(labels instanceof Uint8Array) || labels.length !== nex) throw new ShapeError(`ConvClassifier: labels must be a Uint8Array of ${nex} entries (one per example), got ${labels?.length}`);
    for (const l of labels) if (l >= this.classes) throw new ShapeError(`ConvClassifier: label ${l} outside 0..${this.classes - 1}`);
  }
  private logits(W: Float64Array, c: Float64Array, F: Float64Array, nex: number): Float64Array {
    const { classes, features } = this;
    const out = new Float64Array(nex * classes);
    for (let e = 0; e < nex; e++) for (let k = 0; k < classes; k++) {
      let s = c[k];
      const fo = e * features, wo = k * features;
      for (let j = 0; j < features; j++) s += W[wo + j] * F[fo + j];
      out[e * classes + k] = s;
    }
    return out;
  }
  /** Predicted class of every example of Y `[nex][cin][grid]`. */
  predict(params: Float64Array, Y: Float64Array): Uint8Array {
    const { theta, b, W, c } = this.split(params);
    const F = this.poolForward(this.layer.forward(theta, b, Y));
    const nex = F.length / this.features;
    const L = this.logits(W, c, F, nex);
    const out = new Uint8Array(nex);
    for (let e = 0; e < nex; e++) {
      let best = 0;
      for (let k = 1; k < this.classes; k++) if (L[e * this.classes + k] > L[e * this.classes + best]) best = k;
      out[e] = best;
    }
    return out;
  }
  /** Mean cross-entropy, its gradient (chain rule through the layer's J^T), and accuracy. */
  lossAndGradient(params: Float64Array, Y: Float64Array, labels: Uint8Array): LossAndGradient {
    const { theta, b, W, c } = this.split(params);
    const lin = this.layer.linearize(theta, b, Y);
    const F = this.poolForward(lin.Z);
    const nex = lin.examples;
    this.checkLabels(labels, nex);
    const { classes, features } = this;
    const L = this.logits(W, c, F, nex);
    const G = new Float64Array(nex * classes);
    let loss = 0;
    let correct = 0;
    for (let e = 0; e < nex; e++) {
      let mx = -Infinity, arg = 0;
      for (let k = 0; k < classes; k++) if (L[e * classes + k] > mx) { mx = L[e * classes + k]; arg = k; }
      if (arg === labels[e]) correct++;
      let z = 0;
      for (let k = 0; k < classes; k++) z += Math.exp(L[e * classes + k] - mx);
      loss += mx + Math.log(z) - L[e * classes + labels[e]];
      for (let k = 0; k < classes; k++) G[e * classes + k] = (Math.exp(L[e * classes + k] - mx) / z - (k === labels[e] ? 1 : 0)) / nex;
    }
    const grad = new Float64Array(this.nparams);
    const g = this.split(grad);
    const dF = new Float64Array(nex * features);
    for (let e = 0; e < nex; e++) for (let k = 0; k < classes; k++) {
      const gk = G[e * classes + k];
      if (gk === 0) continue;
      g.c[k] += gk;
      const fo = e * features, wo = k * features;
      for (let j = 0; j < features; j++) {
        g.W[wo + j] += gk * F[fo + j];
        dF[fo + j] += gk * W[wo + j];
      }
    }
    const dZ = this.poolTranspose(dF);
    g.theta.set(lin.jthetaTMv(dZ));
    g.b.set(lin.jbTMv(dZ));
    return { loss: loss / nex, gradient: grad, accuracy: correct / nex };
  }
}
