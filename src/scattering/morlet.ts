/**
 * "morlet": Morlet (Gabor with zero-mean correction) wavelets, smooth and NOT tight; the bank's
 * `littlewoodPaley()` gives its frame bounds and `filterBank({ ..., tight: true })` its tight version.
 *
 * With Gaussian `G(w; s) = exp(-|w|^2 / (2 s^2))` periodised over the grid's torus
 * (`P[h](w) = sum_m h(w + 2 pi m)`, m in {-2..2} per axis, enough for every width used here):
 * - band-pass `psi^_{j,c}(w) = P[ G(w - xi_j c; s_j) - kappa_j G(w; s_j) ]`,
 *   `kappa_j = exp(-xi_j^2 / (2 s_j^2))` (so psi^(0) = 0 before periodisation);
 * - low-pass `chi^(w) = P[ G(w; s_chi) ]`.
 * 1-D (Kymatio's Scattering1D defaults, without its extra low-frequency filters): Q = `qualityFactor`
 *   (default 1), j = 0 .. J Q - 1, `xi_j = 2 pi 0.35 2^(-j/Q)`,
 *   `s_j = xi_j (1 - 2^(-1/Q)) / (1 + 2^(-1/Q)) / sqrt(ln 2)`, `s_chi = 2 pi 0.1 / 2^J`; c = +1
 *   and c = -1 (the mirror filter), so real and complex inputs are both covered.
 * 2-D (Kymatio's Scattering2D centres and widths, isotropic, no slant): j = 0 .. J-1,
 *   `xi_j = (3 pi / 4) 2^-j`, `s_j = 1 / (0.8 2^j)`, `s_chi = 1 / (0.8 2^J)`,
 *   c = (cos theta_l, sin theta_l), theta_l = 2 pi l / L over the full circle (L = orientations).
 * Centres are in radians per sample; w1 along axis 0, w2 along axis 1.
 */
import type { BankParts } from "./bank";
import { binFrequencies } from "./bank";

export interface MorletParameters {
  scales: number;
  orientations: number;
  qualityFactor: number;
}

function periodicGaussian(freqs: Float64Array[], centre: readonly number[], s: number, out: Float64Array, scale: number): void {
  const d = freqs.length;
  const S = freqs[0].length;
  const shifts = [-2, -1, 0, 1, 2];
  for (let k = 0; k < S; k++) {
    let total = 0;
    if (d === 1) {
      for (const m of shifts) {
        const x = freqs[0][k] + 2 * Math.PI * m - centre[0];
        total += Math.exp(-(x * x) / (2 * s * s));
      }
    } else {
      for (const m1 of shifts) {
        const x = freqs[0][k] + 2 * Math.PI * m1 - centre[0];
        for (const m2 of shifts) {
          const y = freqs[1][k] + 2 * Math.PI * m2 - centre[1];
          total += Math.exp(-(x * x + y * y) / (2 * s * s));
        }
      }
    }
    out[2 * k] += scale * total;
  }
}

export function morletParts(size: readonly number[], p: MorletParameters): BankParts {
  const S = size.reduce((a, b) => a * b, 1);
  const freqs = binFrequencies(size);
  const J = p.scales;
  const filters: BankParts["filters"] = [];
  const lowpass = new Float64Array(2 * S);
  if (size.length === 1) {
    const Q = p.qualityFactor;
    const factor = 2 ** (-1 / Q);
    periodicGaussian(freqs, [0], (2 * Math.PI * 0.1) / 2 ** J, lowpass, 1);
    for (let j = 0; j < J * Q; j++) {
      const xi = 2 * Math.PI * 0.35 * 2 ** (-j / Q);
      const s = (xi * (1 - factor)) / (1 + factor) / Math.sqrt(Math.log(2));
      const kappa = Math.exp(-(xi * xi) / (2 * s * s));
      for (const sign of [1, -1] as const) {
        const response = new Float64Array(2 * S);
        periodicGaussian(freqs, [sign * xi], s, response, 1);
        periodicGaussian(freqs, [0], s, response, -kappa);
        filters.push({ label: { scale: j, sign, name: `j=${j},${sign > 0 ? "+" : "-"}` }, response, centre: xi });
      }
    }
    return { lowpass, filters, analytic: false, parameters: { scales: J, qualityFactor: Q } };
  }
  const L = p.orientations;
  periodicGaussian(freqs, [0, 0], 1 / (0.8 * 2 ** J), lowpass, 1);
  for (let j = 0; j < J; j++) {
    const xi = ((3 * Math.PI) / 4) * 2 ** -j;
    const s = 1 / (0.8 * 2 ** j);
    const kappa = Math.exp(-(xi * xi) / (2 * s * s));
    for (let l = 0; l < L; l++) {
      const theta = (2 * Math.PI * l) / L;
      const response = new Float64Array(2 * S);
      periodicGaussian(freqs, [xi * Math.cos(theta), xi * Math.sin(theta)], s, response, 1);
      periodicGaussian(freqs, [0, 0], s, response, -kappa);
      filters.push({ label: { scale: j, orientation: l, name: `j=${j},theta=${l}` }, response, centre: xi });
    }
  }
  return { lowpass, filters, analytic: false, parameters: { scales: J, orientations: L } };
}
