/**
 * Kernel models `theta -> K(theta)`: the part of a parametric convolution that says which kernels
 * are allowed. {@link KernelModel} is the numeric part of the symbolic core's `ParametricKernel`
 * (`src/stencil/parametric.ts`); this file adds the unconstrained ("full") kernel and the lecture's block model
 * for width (a `cout x cin` grid of single-channel models).
 *
 * Layout: `kernel(theta)` is the canonical `[cout][cin][spatial...]` row-major tensor of
 * `src/core/kernel-tensor.ts` (cross-correlation taps, offsets `q = p - origin`). For a model
 * linear in theta, `K(theta) = mat(Q theta)`, so `J v = mat(Q v)` and `J^T w = Q^T w`.
 */
import { ShapeError, DomainError, checkFinite, checkInteger } from "../core/errors";
import { KernelTensor, centredOrigin, tapCount } from "../core/kernel-tensor";
import type { ParametricKernel } from "../stencil/index";

/**
 * What a parametric convolution needs from a kernel model: the numeric part of the symbolic core's
 * {@link ParametricKernel} (`src/stencil/parametric.ts`, the one definition), without its
 * symbolic `stencil()` and dense `denseQ()`; so every family defined there plugs in unchanged.
 */
export type KernelModel = Omit<ParametricKernel, "denseQ" | "stencil">;

/** Number of kernel entries `cout * cin * prod(shape)` of a model. */
export function kernelLength(model: KernelModel): number {
  return model.cout * model.cin * tapCount(model.shape);
}

/** `K(theta)` as a validated {@link KernelTensor}. */
export function modelKernelTensor(model: KernelModel, theta: Float64Array): KernelTensor {
  model.checkTheta(theta);
  return { cout: model.cout, cin: model.cin, shape: [...model.shape], origin: [...model.origin], data: model.kernel(theta) };
}

function checkLengthFinite(where: string, name: string, x: Float64Array, n: number): void {
  if (!(x instanceof Float64Array)) throw new ShapeError(`${where}: ${name} must be a Float64Array`);
  if (x.length !== n) throw new ShapeError(`${where}: ${name} has length ${x.length}; this model needs ${n}`);
  checkFinite(`${where}: ${name}`, x);
}

/**
 * The unconstrained kernel: every tap of every `cout x cin` block is a parameter,
 * `K(theta) = theta` (Q = identity, p = cout * cin * prod(shape)). This is the lecture's "dense
 * kernel" baseline that parametric models are compared with.
 */
export function fullKernelModel(cout: number, cin: number, shape: readonly number[], origin?: readonly number[]): KernelModel {
  const where = "fullKernelModel";
  checkInteger(where, "cout", cout, 1);
  checkInteger(where, "cin", cin, 1);
  if (!Array.isArray(shape) || shape.length < 1) throw new ShapeError(`${where}: shape must be a non-empty list of positive integers`);
  shape.forEach((s, a) => checkInteger(where, `shape[${a}]`, s, 1));
  const org = origin ? [...origin] : centredOrigin(shape);
  if (org.length !== shape.length) throw new ShapeError(`${where}: origin needs ${shape.length} entries, got ${org.length}`);
  org.forEach((o, a) => {
    if (!Number.isInteger(o) || o < 0 || o >= shape[a]) throw new DomainError(`${where}: origin[${a}] = ${o} outside 0..${shape[a] - 1}`);
  });
  const p = cout * cin * tapCount(shape);
  const name = `full ${cout}x${cin}x${shape.join("x")}`;
  const checkTheta = (theta: Float64Array) => checkLengthFinite(name, "theta", theta, p);
  return {
    name, nparams: p, cout, cin, shape: [...shape], origin: org, linear: true,
    kernel(theta) { checkTheta(theta); return Float64Array.from(theta); },
    jacobianMv(theta, v) { checkTheta(theta); checkLengthFinite(name, "dtheta", v, p); return Float64Array.from(v); },
    jacobianTMv(theta, w) { checkTheta(theta); checkLengthFinite(name, "w", w, p); return Float64Array.from(w); },
    checkTheta,
  };
}

/**
 * Width (lecture, "Extension 3"): the block operator `[K^{oi}(theta^{oi})]` whose block (o, i) is
 * the single-channel model `blocks[o][i]`; `theta = [theta^{00}, theta^{01}, ..., theta^{(cout-1)(cin-1)}]`
 * (row-major over blocks). All blocks must be 1x1-channel models with the same spatial shape and origin.
 * Linear when every block is.
 */
export function blockKernelModel(blocks: readonly (readonly KernelModel[])[], name?: string): KernelModel {
  const where = "blockKernelModel";
  if (!Array.isArray(blocks) || blocks.length === 0 || !Array.isArray(blocks[0]) || blocks[0].length === 0) {
    throw new ShapeError(`${where}: blocks must be a non-empty cout x cin array of single-channel models`);
  }
  const cout = blocks.length;
  const cin = blocks[0].length;
  const first = blocks[0][0];
  const flat: KernelModel[] = [];
  blocks.forEach((row: readonly KernelModel[], o: number) => {
    if (!Array.isArray(row) || row.length !== cin) throw new ShapeError(`${where}: row ${o} has ${row?.length} blocks; every row needs ${cin}`);
    row.forEach((m: KernelModel, i: number) => {
      if (m.cout !== 1 || m.cin !== 1) throw new ShapeError(`${where}: block (${o}, ${i}) has ${m.cout}x${m.cin} channels; blocks must be single-channel`);
      if (m.shape.length !== first.shape.length || m.shape.some((s, a) => s !== first.shape[a] || m.origin[a] !== first.origin[a])) {
        throw new ShapeError(`${where}: block (${o}, ${i}) has shape ${m.shape} / origin ${m.origin}; all blocks need shape ${first.shape} / origin ${first.origin}`);
      }
      flat.push(m);
    });
  });
  const taps = tapCount(first.shape);
  const offsets: number[] = [];
  let p = 0;
  for (const m of flat) { offsets.push(p); p += m.nparams; }
  const label = name ?? `blocks ${cout}x${cin} of ${[...new Set(flat.map((m) => m.name))].join(", ")}`;
  const checkTheta = (theta: Float64Array) => {
    checkLengthFinite(label, "theta", theta, p);
    flat.forEach((m, b) => m.checkTheta(theta.subarray(offsets[b], offsets[b] + m.nparams)));
  };
  const part = (theta: Float64Array, b: number) => theta.subarray(offsets[b], offsets[b] + flat[b].nparams);
  return {
    name: label, nparams: p, cout, cin, shape: [...first.shape], origin: [...first.origin],
    linear: flat.every((m) => m.linear),
    nonnegative: flat.every((m) => m.nonnegative === true),
    kernel(theta) {
      checkTheta(theta);
      const out = new Float64Array(cout * cin * taps);
      flat.forEach((m, b) => out.set(m.kernel(part(theta, b)), b * taps));
      return out;
    },
    jacobianMv(theta, v) {
      checkTheta(theta);
      checkLengthFinite(label, "dtheta", v, p);
      const out = new Float64Array(cout * cin * taps);
      flat.forEach((m, b) => out.set(m.jacobianMv(part(theta, b), part(v, b)), b * taps));
      return out;
    },
    jacobianTMv(theta, w) {
      checkTheta(theta);
      checkLengthFinite(label, "w", w, cout * cin * taps);
      const out = new Float64Array(p);
      flat.forEach((m, b) => out.set(m.jacobianTMv(part(theta, b), w.subarray(b * taps, (b + 1) * taps)), offsets[b]));
      return out;
    },
    checkTheta,
  };
}
