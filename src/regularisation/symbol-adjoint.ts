/**
 * Chain rule from a symbol value to the kernel taps, shared by every frequency-based bound gradient.
 *
 * With `F(w) = sum_q K_q e^{-i<q,w>}` (project convention, offsets `q = p - origin`), a real function
 * `b(F)` whose differential is `db = Re sum_{o,i} conj(G_oi) dF_oi` (G = "Wirtinger gradient" of b
 * with respect to F, a cout x cin complex matrix) has kernel gradient
 *   `d b / d K[o, i, t] = Re( conj(G_oi) e^{-i<q_t, w>} )`.
 * Examples: `b = ||F||_2` with top pair (u, v): `G = u v^H`; `b = ||F||_F`: `G = F / ||F||_F`.
 */
import { KernelTensor, tapCount, tapOffsets } from "../core/kernel-tensor";

/** Adds `scale * Re(conj(G_oi) e^{-i<q_t,w>})` to `out[o, i, t]` (kernel layout); G interleaved cout x cin. */
export function accumulateSymbolAdjoint(K: KernelTensor, w: ArrayLike<number>, G: Float64Array, out: Float64Array, scale = 1): void {
  const taps = tapCount(K.shape);
  const d = K.shape.length;
  const q = tapOffsets(K.shape, K.origin);
  const cr = new Float64Array(taps), ci = new Float64Array(taps);
  for (let t = 0; t < taps; t++) {
    let phase = 0;
    for (let a = 0; a < d; a++) phase += q[t * d + a] * w[a];
    // e^{-i phase}
    cr[t] = Math.cos(phase); ci[t] = -Math.sin(phase);
  }
  for (let b = 0; b < K.cout * K.cin; b++) {
    const gr = G[2 * b], gi = G[2 * b + 1];
    // Re(conj(g) e) = gr er + gi ei
    for (let t = 0; t < taps; t++) out[b * taps + t] += scale * (gr * cr[t] + gi * ci[t]);
  }
}
