/**
 * The symbolic core's parametric kernel families (src/stencil/parametric.ts) instantiated with
 * small sizes, 1-D and 2-D, channel-matrix and stencil flavours, so that the registry checks
 * every family on every boundary rule.
 */
import {
  antisymmetricModel, antisymmetricStencilModel, diagonalScalingModel, doublySymmetricStencilModel,
  mMatrixModel, mMatrixStencilModel, separableStencilModel,
} from "../stencil/parametric";
import type { KernelModel } from "./kernel-model";

export function stencilFamilyModels(): KernelModel[] {
  return [
    diagonalScalingModel(3),
    antisymmetricModel(3),
    mMatrixModel(3),
    mMatrixModel(2, { dims: 1 }),
    mMatrixStencilModel(3),
    mMatrixStencilModel([3, 3]),
    antisymmetricStencilModel(5),
    antisymmetricStencilModel([3, 3]),
    doublySymmetricStencilModel([3, 3]),
    doublySymmetricStencilModel([5, 3]),
    separableStencilModel(3, 2),
  ];
}
