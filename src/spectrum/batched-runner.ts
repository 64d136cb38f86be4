/**
 * The per-thread work of the batched linear algebra (batched.ts): one workspace per thread, then
 * matrices [from, to) of a batch. Used by the synchronous path and by every worker of the pool
 * (workers.ts, workers-entry.ts); it sits below both, so the pool does not import batched.ts.
 */
import { Rng } from "../core/random";
import {
  singularValuesOf, hermitianEigenvaluesOf, spectralNormOf,
  SvdWorkspace, EigWorkspace, NormWorkspace, type SvdMethod, type NormMethod,
} from "./linalg/matrix-kernels";

/** One unit of batched work (what the worker needs to know besides the data). */
export interface BatchedJob {
  kind: "svd" | "eig" | "norm";
  m: number;
  n: number;
  method: string;
  tol: number;
}

/** Seeded Lanczos start vector (the same for every matrix, so results are reproducible). */
export function lanczosStart(r: number): Float64Array {
  return new Rng(0x5eed).normals(2 * r);
}

/** Number of outputs per matrix for a job. */
export function outputsPerMatrix(job: BatchedJob): number {
  if (job.kind === "norm") return 1;
  if (job.kind === "eig") return job.n;
  return Math.min(job.m, job.n);
}

/**
 * A runner for `job` over `mats` writing into `out` (outputs at the same positions as the
 * matrices): allocates one workspace, then each call `run(from, to)` processes matrices
 * [from, to). Used by the synchronous path and by every thread of the worker pool.
 */
export function batchedRunner(job: BatchedJob, mats: Float64Array, out: Float64Array): (from: number, to: number) => void {
  const { m, n } = job;
  const per = outputsPerMatrix(job);
  if (job.kind === "svd") {
    const ws = new SvdWorkspace(m, n);
    return (from, to) => { for (let b = from; b < to; b++) singularValuesOf(mats, b * m * n, m, n, out, b * per, ws, job.method as SvdMethod); };
  }
  if (job.kind === "eig") {
    const ws = new EigWorkspace(n);
    return (from, to) => { for (let b = from; b < to; b++) hermitianEigenvaluesOf(mats, b * n * n, n, out, b * per, ws); };
  }
  const ws = new NormWorkspace(m, n, lanczosStart(Math.min(m, n)));
  return (from, to) => { for (let b = from; b < to; b++) out[b] = spectralNormOf(mats, b * m * n, m, n, ws, job.method as NormMethod, job.tol); };
}

/** Runs `job` on all `batch` matrices of `mats` on the calling thread; returns the outputs. */
export function runBatchedSync(job: BatchedJob, mats: Float64Array, batch: number): Float64Array {
  const out = new Float64Array(batch * outputsPerMatrix(job));
  batchedRunner(job, mats, out)(0, batch);
  return out;
}
