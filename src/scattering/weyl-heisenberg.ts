/**
 * "weyl-heisenberg": uniform (equal-width) ideal bands, exactly Parseval on the DFT grid.
 *
 * With M = `bands` and width `w = 1 / (2 (M + 1))` cycles per sample (rho as in `ideal.ts`):
 * - the low-pass keeps `rho <= w`, i.e. `|w| <= delta = 2 pi w = pi / (M + 1)`;
 * - band m = 1 .. M keeps `m w < rho <= (m + 1) w` (band M also keeps the 2-D corners rho > 1/2).
 * 1-D analytic (default): each band split by sign (2M filters); 2-D: each annulus split into
 * `orientations` sectors. 1-D membership is decided in integers (`m N < 2 (M + 1) |s| <= (m + 1) N`).
 */
import { DomainError } from "../core/index";
import type { BankParts } from "./bank";
import { idealPartition, type RadialBand } from "./ideal";

export interface WeylHeisenbergParameters {
  bands: number;
  orientations: number;
  analytic: boolean;
}

export function weylHeisenbergParts(size: readonly number[], p: WeylHeisenbergParameters): BankParts {
  const M = p.bands;
  const width = 1 / (2 * (M + 1));
  if (size.some((n) => n < 2 * (M + 1))) {
    throw new DomainError(`filterBank("weyl-heisenberg"): bands = ${M} needs every axis length >= 2 (M + 1) = ${2 * (M + 1)}, got size [${size.join(", ")}]`);
  }
  const bands: RadialBand[] = [];
  for (let m = 1; m <= M; m++) bands.push({ label: { band: m }, name: `m=${m}`, centre: 2 * Math.PI * (m + 0.5) * width });
  const regionOf = (s: readonly number[]): number => {
    if (size.length === 1) {
      const t = 2 * (M + 1) * Math.abs(s[0]);
      const N = size[0];
      if (t <= N) return -1;
      for (let m = 1; m < M; m++) if (t <= (m + 1) * N) return m - 1;
      return M - 1;
    }
    const r = Math.hypot(s[0] / size[0], s[1] / size[1]);
    if (r <= width) return -1;
    for (let m = 1; m < M; m++) if (r <= (m + 1) * width) return m - 1;
    return M - 1;
  };
  return idealPartition("filterBank(\"weyl-heisenberg\")", size, bands, regionOf, {
    orientations: p.orientations,
    analytic: p.analytic,
    nominalCutoff: 2 * Math.PI * width,
    parameters: { bands: M, orientations: size.length === 2 ? p.orientations : 1, analytic: p.analytic },
  });
}
