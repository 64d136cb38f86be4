/**
 * Random baselines for trained kernels: for each conv kernel, a kernel of the same shape with
 * i.i.d. Gaussian taps rescaled to the same Frobenius norm `||K||_F = sqrt(sum K[o,i,p]^2)`, so
 * that "trained vs random" compares structure, not scale. Seeded (layer j uses seed `seed + j`).
 */
import { checkOptions, checkInteger, ShapeError } from "../core/errors";
import { Rng } from "../core/random";
import type { ConvKernelInfo } from "../io/conv-kernels";

/** Same-shape, same-Frobenius-norm Gaussian kernels (see file comment); names get the suffix " (random)". */
export function randomLikeKernels(kernels: readonly ConvKernelInfo[], options: { seed?: number } = {}): ConvKernelInfo[] {
  checkOptions("randomLikeKernels", options, ["seed"]);
  const seed = checkInteger("randomLikeKernels", "seed", options.seed ?? 0, 0);
  if (!Array.isArray(kernels) || kernels.length === 0) throw new ShapeError("randomLikeKernels: expected a non-empty list from listConvKernels");
  return kernels.map((k, j) => {
    const src = k.kernel.data;
    let norm2 = 0;
    for (let t = 0; t < src.length; t++) norm2 += src[t] * src[t];
    const data = new Rng(seed + j).normals(src.length);
    let r2 = 0;
    for (let t = 0; t < data.length; t++) r2 += data[t] * data[t];
    const scale = Math.sqrt(norm2 / r2);
    for (let t = 0; t < data.length; t++) data[t] *= scale;
    return { ...k, name: `${k.name} (random)`, kernel: { ...k.kernel, data } };
  });
}
