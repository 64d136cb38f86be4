/**
 * "shannon": ideal dyadic wavelet masks (Shannon wavelets), exactly Parseval on the DFT grid.
 *
 * With J = `scales` and rho the bin's radius in cycles per sample (1-D: |s| / N; 2-D: Euclidean):
 * - band j = 0 .. J-1 keeps `2^-(j+2) < rho <= 2^-(j+1)` (band 0 also keeps the 2-D corners
 *   rho > 1/2), i.e. angular frequencies `pi 2^-(j+1) < |w| <= pi 2^-j`;
 * - the low-pass chi keeps `rho <= 2^-(J+1)`, i.e. `|w| <= delta = pi / 2^J`.
 * 1-D analytic (default): band j is split into its positive and negative frequencies (2J filters);
 * 2-D: every annulus is split into `orientations` angular sectors (see `ideal.ts`).
 * The 1-D tests are exact integer comparisons (`|s| 2^(j+2) > N`, `|s| 2^(j+1) <= N`).
 */
import { DomainError } from "../core/index";
import type { BankParts } from "./bank";
import { idealPartition, type RadialBand } from "./ideal";

export interface ShannonParameters {
  scales: number;
  orientations: number;
  analytic: boolean;
}

export function shannonParts(size: readonly number[], p: ShannonParameters): BankParts {
  const J = p.scales;
  const bands: RadialBand[] = [];
  for (let j = 0; j < J; j++) bands.push({ label: { scale: j }, name: `j=${j}`, centre: 2 * Math.PI * (3 / 2 ** (j + 3)) });
  const regionOf = (s: readonly number[]): number => {
    if (size.length === 1) {
      const a = Math.abs(s[0]);
      const N = size[0];
      if (a * 2 ** (J + 1) <= N) return -1;
      // the band j with 2^-(j+2) < a/N <= 2^-(j+1): smallest j with a 2^(j+2) > N
      for (let j = 0; j < J; j++) if (a * 2 ** (j + 2) > N) return j;
      return J - 1;
    }
    const r2 = (s[0] / size[0]) ** 2 + (s[1] / size[1]) ** 2;
    if (r2 <= 4 ** -(J + 1)) return -1;
    for (let j = 0; j < J; j++) if (r2 > 4 ** -(j + 2)) return j;
    return J - 1;
  };
  if (size.some((n) => n < 2 ** (J + 1))) {
    throw new DomainError(`filterBank("shannon"): scales = ${J} needs every axis length >= 2^(J+1) = ${2 ** (J + 1)}, got size [${size.join(", ")}]`);
  }
  return idealPartition("filterBank(\"shannon\")", size, bands, regionOf, {
    orientations: p.orientations,
    analytic: p.analytic,
    nominalCutoff: Math.PI / 2 ** J,
    parameters: { scales: J, orientations: size.length === 2 ? p.orientations : 1, analytic: p.analytic },
  });
}
