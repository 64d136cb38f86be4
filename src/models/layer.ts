/**
 * The single layer of the lecture, `Z = sigma(K(theta) Y + b)`, with its Jacobians with respect
 * to theta, b and Y (each as J v and J^T w). Here `K(theta) Y` is a {@link ParametricConv} applied
 * to a batch `Y [nex][cin][grid]`, `b` has one entry per output channel (added at every grid point
 * of every example), and sigma acts entry-wise. With `A = K(theta) Y + b`, `D = diag(sigma'(A))`:
 *   `J_theta v = D (J_theta(K Y) v)`,        `J_theta^T w = J_theta(K Y)^T (D w)` (summed over examples),
 *   `J_b v     = D (v broadcast)`,           `J_b^T w = sum over examples and grid of (D w)` per channel,
 *   `J_Y v     = D (K(theta) v)`,            `J_Y^T w = K(theta)^T (D w)`.
 * ReLU is not differentiable at 0; sigma'(0) is taken as 0 (one-sided), so Taylor tests need
 * points away from the kinks (generic random data is).
 */
import { ShapeError, checkFinite, checkOneOf } from "../core/errors";
import type { LinearOperator } from "../core/operator";
import { ParametricConv } from "./parametric-conv";

export type Activation = "relu" | "tanh" | "identity";
export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "identity"];

/** sigma and sigma' of an {@link Activation}. */
export function activationFunctions(name: Activation): { sigma(a: number): number; dsigma(a: number): number } {
  switch (checkOneOf("activation", "name", name, ACTIVATIONS)) {
    case "relu": return { sigma: (a) => (a > 0 ? a : 0), dsigma: (a) => (a > 0 ? 1 : 0) };
    case "tanh": return { sigma: Math.tanh, dsigma: (a) => { const t = Math.tanh(a); return 1 - t * t; } };
    default: return { sigma: (a) => a, dsigma: () => 1 };
  }
}

/** The layer linearised at (theta, b, Y): its value Z and the six Jacobian products. */
export interface LayerLinearization {
  /** Z = sigma(K(theta) Y + b), `[nex][cout][grid]`. */
  readonly Z: Float64Array;
  readonly examples: number;
  jthetaMv(v: Float64Array): Float64Array;
  jthetaTMv(w: Float64Array): Float64Array;
  jbMv(v: Float64Array): Float64Array;
  jbTMv(w: Float64Array): Float64Array;
  jYMv(v: Float64Array): Float64Array;
  jYTMv(w: Float64Array): Float64Array;
}

/** `Z = sigma(K(theta) Y + b)`; see the file comment. */
export class ConvLayer {
  readonly conv: ParametricConv;
  readonly activation: Activation;
  constructor(conv: ParametricConv, activation: Activation = "relu") {
    if (!(conv instanceof ParametricConv)) throw new ShapeError("ConvLayer: conv must be a ParametricConv");
    this.conv = conv;
    this.activation = checkOneOf("ConvLayer", "activation", activation, ACTIVATIONS);
  }

  private checkBias(where: string, b: Float64Array, name = "b"): void {
    if (!(b instanceof Float64Array) || b.length !== this.conv.cout) {
      throw new ShapeError(`${where}: ${name} must be a Float64Array with one entry per output channel (${this.conv.cout}), got length ${b?.length}`);
    }
    checkFinite(`${where}: ${name}`, b);
  }

  /** Z = sigma(K(theta) Y + b). */
  forward(theta: Float64Array, b: Float64Array, Y: Float64Array): Float64Array {
    return this.linearize(theta, b, Y).Z;
  }

  /** Value and Jacobian products at (theta, b, Y); shares the forward pass between them. */
  linearize(theta: Float64Array, b: Float64Array, Y: Float64Array): LayerLinearization {
    const where = "ConvLayer";
    this.checkBias(where, b);
    const conv = this.conv;
    const A = conv.apply(theta, Y);
    const N = conv.npoints;
    const cout = conv.cout;
    const nex = A.length / (cout * N);
    const { sigma, dsigma } = activationFunctions(this.activation);
    const Z = new Float64Array(A.length);
    const D = new Float64Array(A.length);
    for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
      const off = (e * cout + o) * N;
      for (let x = 0; x < N; x++) {
        const a = A[off + x] + b[o];
        Z[off + x] = sigma(a);
        D[off + x] = dsigma(a);
      }
    }
    const scale = (u: Float64Array) => { const out = new Float64Array(u.length); for (let k = 0; k < u.length; k++) out[k] = D[k] * u[k]; return out; };
    const checkOut = (verb: string, w: Float64Array) => {
      if (!(w instanceof Float64Array) || w.length !== A.length) throw new ShapeError(`ConvLayer.${verb}: w must have the shape of Z (${A.length} numbers = ${nex} examples * ${cout} channels * ${N} points), got ${w?.length}`);
      checkFinite(`ConvLayer.${verb}: w`, w);
    };
    return {
      Z, examples: nex,
      jthetaMv: (v) => scale(conv.jthetaMv(theta, v, Y)),
      jthetaTMv: (w) => { checkOut("jthetaTMv", w); return conv.jthetaTMv(theta, scale(w), Y); },
      jbMv: (v) => {
        this.checkBias("ConvLayer.jbMv", v, "v");
        const out = new Float64Array(A.length);
        for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
          const off = (e * cout + o) * N;
          for (let x = 0; x < N; x++) out[off + x] = D[off + x] * v[o];
        }
        return out;
      },
      jbTMv: (w) => {
        checkOut("jbTMv", w);
        const out = new Float64Array(cout);
        for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
          const off = (e * cout + o) * N;
          let s = 0;
          for (let x = 0; x < N; x++) s += D[off + x] * w[off + x];
          out[o] += s;
        }
        return out;
      },
      jYMv: (v) => {
        if (!(v instanceof Float64Array) || v.length !== Y.length) throw new ShapeError(`ConvLayer.jYMv: v must have the shape of Y (${Y.length} numbers), got ${v?.length}`);
        return scale(conv.apply(theta, v));
      },
      jYTMv: (w) => { checkOut("jYTMv", w); return conv.applyT(theta, scale(w)); },
    };
  }

  /** The three Jacobians at (theta, b, Y) as {@link LinearOperator}s (for adjoint checks). */
  jacobianOperators(theta: Float64Array, b: Float64Array, Y: Float64Array): { theta: LinearOperator; b: LinearOperator; Y: LinearOperator } {
    const lin = this.linearize(theta, b, Y);
    const zShape = [lin.examples, this.conv.cout, ...this.conv.grid];
    return {
      theta: { inputShape: [this.conv.nparams], outputShape: zShape, apply: lin.jthetaMv, applyT: lin.jthetaTMv },
      b: { inputShape: [this.conv.cout], outputShape: zShape, apply: lin.jbMv, applyT: lin.jbTMv },
      Y: { inputShape: [lin.examples, this.conv.cin, ...this.conv.grid], outputShape: zShape, apply: lin.jYMv, applyT: lin.jYTMv },
    };
  }
}
