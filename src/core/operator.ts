/**
 * The verbs every linear operator in convspec answers (after Meganet.m): `apply` (A x) and
 * `applyT` (A^T y) on flat Float64Arrays in row-major order of `inputShape` / `outputShape`.
 * Operators that depend on parameters theta add `jthetaMv` (J v) and `jthetaTMv` (J^T w).
 */
export interface LinearOperator {
  /** Shape of x, e.g. `[cin, n1, n2]`. */
  readonly inputShape: readonly number[];
  /** Shape of A x, e.g. `[cout, m1, m2]`. */
  readonly outputShape: readonly number[];
  /** y = A x. */
  apply(x: Float64Array): Float64Array;
  /** x = A^T y (the adjoint for the Euclidean inner product). */
  applyT(y: Float64Array): Float64Array;
}
