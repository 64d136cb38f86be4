/**
 * Every parametric convolution the library offers, instantiated on small grids with seeded random
 * theta and data: the list the tests iterate over (adjoint and Taylor checks on ALL of them) and
 * the notebook shows as one table. Add a kernel model family here and it is checked automatically.
 */
import { Rng } from "../core/random";
import { checkAdjoint, checkJacobian } from "./checks";
import { KernelModel, blockKernelModel, fullKernelModel } from "./kernel-model";
import { Boundary, ConvMethod, ParametricConv } from "./parametric-conv";
import { stencilFamilyModels } from "./stencil-families";

/** One registry entry: an operator and a point (theta, Y) to check it at. */
export interface RegisteredConv {
  readonly name: string;
  readonly conv: ParametricConv;
  readonly theta: Float64Array;
  /** A batch of `examples` inputs `[examples][cin][grid]`. */
  readonly Y: Float64Array;
  readonly examples: number;
  /** A direction in theta-space for Taylor tests; theta + h v stays in the model's domain for 0 <= h <= 1. */
  readonly direction: Float64Array;
}

/** Kernel models of the registry: the full kernels, block (width) models, and the symbolic core's families. */
export function registeredKernelModels(): KernelModel[] {
  return [
    fullKernelModel(1, 1, [3]),
    fullKernelModel(2, 3, [5], [1]),
    fullKernelModel(1, 1, [3, 3]),
    fullKernelModel(2, 2, [3, 2]),
    blockKernelModel([[fullKernelModel(1, 1, [3, 3])], [fullKernelModel(1, 1, [3, 3])]]),
    ...stencilFamilyModels(),
  ];
}

/** True for models whose domain is theta >= 0 (the symbolic core's M-matrix families flag it). */
export function isNonnegativeModel(model: KernelModel): boolean {
  return model.nonnegative === true;
}

/** A theta inside the model's domain and a direction keeping theta + h v inside for h in [0, 1]. */
function samplePoint(model: KernelModel, rng: Rng): { theta: Float64Array; direction: Float64Array } {
  if (isNonnegativeModel(model)) return { theta: rng.uniforms(model.nparams, 0.1, 1.1), direction: rng.uniforms(model.nparams, -0.09, 0.09) };
  return { theta: rng.normals(model.nparams), direction: rng.normals(model.nparams) };
}

/**
 * All models on every boundary rule (periodic via FFT and via the direct loop, zero) with
 * 1-D grid n = 7 (odd, not a power of two) or 2-D grid 6 x 5, and 3 examples.
 */
export function parametricConvRegistry(seed = 7): RegisteredConv[] {
  const rng = new Rng(seed);
  const out: RegisteredConv[] = [];
  const rules: [Boundary, ConvMethod][] = [["periodic", "fft"], ["periodic", "direct"], ["zero", "direct"]];
  for (const model of registeredKernelModels()) {
    const grid = model.shape.length === 1 ? [7] : [6, 5];
    for (const [boundary, method] of rules) {
      const conv = new ParametricConv(model, { grid, boundary, method });
      const examples = 3;
      out.push({
        name: `${model.name} | ${boundary}${boundary === "periodic" ? ` (${method})` : ""} | grid ${grid.join("x")}`,
        conv, ...samplePoint(model, rng), Y: rng.normals(examples * model.cin * conv.npoints), examples,
      });
    }
  }
  return out;
}

/** One row of {@link checkRegistry}: the lecture's two checks on one registered operator. */
export interface RegistryCheckRow {
  operator: string;
  params: number;
  /** Relative gap of the adjoint test of K(theta) (batch of examples). */
  adjointK: number;
  /** Relative gap of the adjoint test of J_theta (J v vs J^T w, summed over examples). */
  adjointJ: number;
  /** Taylor test of theta -> K(theta) Y passed. */
  taylor: boolean;
}

/** Runs {@link checkAdjoint} (K and J_theta) and {@link checkJacobian} on every registry entry. */
export function checkRegistry(seed = 7): RegistryCheckRow[] {
  return parametricConvRegistry(seed).map((r) => ({
    operator: r.name,
    params: r.conv.nparams,
    adjointK: checkAdjoint(r.conv.kernelOperator(r.theta, r.examples), { seed }).relativeGap,
    adjointJ: checkAdjoint(r.conv.jacobianOperator(r.theta, r.Y), { seed }).relativeGap,
    taylor: checkJacobian({ f: (t) => r.conv.apply(t, r.Y), jacobianMv: (t, v) => r.conv.jthetaMv(t, v, r.Y) }, r.theta, { direction: r.direction }).passed,
  }));
}
