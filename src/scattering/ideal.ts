/**
 * Ideal (0/1) partitions of a DFT grid into a low-pass region and bands: the shared core of the
 * "shannon" (dyadic) and "weyl-heisenberg" (uniform) banks. Every bin belongs to exactly one region,
 * so `LP = 1` on every bin exactly (Parseval) by construction, in exact arithmetic.
 *
 * 1-D: a bin with signed index s (see `bank.ts`) has radius rho = |s| / N (cycles per sample, in
 * [0, 1/2]) and sign sign(s). 2-D: rho = sqrt((s1/N1)^2 + (s2/N2)^2) (up to sqrt(2)/2 at the corners)
 * and angle theta = atan2(w2, w1) in [0, 2 pi), w1 along axis 0 (rows), w2 along axis 1.
 * Orientation l (of L) keeps theta in [2 pi l / L, 2 pi (l + 1) / L) (analytic) or, non-analytic,
 * theta mod pi in [pi l / L, pi (l + 1) / L) (each band symmetric under w -> -w).
 */
import { DomainError } from "../core/index";
import { signedIndex, type BankParts, type FilterLabel } from "./bank";

/** A radial band: bins with `inBand(rho, s...)` true (decided in exact integer arithmetic where possible). */
export interface RadialBand {
  /** Label fields of the band (scale or band index). */
  label: Omit<FilterLabel, "index" | "name" | "orientation" | "sign">;
  /** Readable part of the name, e.g. "j=2" or "m=3". */
  name: string;
  /** Centre frequency in radians per sample. */
  centre: number;
}

/**
 * Builds the parts of an ideal bank. `regionOf(bin)` returns -1 for the low-pass region or the index
 * of the radial band that owns the bin; `orientations` splits every band into angular sectors (2-D)
 * and `analytic` splits 1-D bands by sign / 2-D sectors over the full circle.
 */
export function idealPartition(
  where: string,
  size: readonly number[],
  bands: readonly RadialBand[],
  regionOf: (signed: readonly number[]) => number,
  options: { orientations: number; analytic: boolean; nominalCutoff: number; parameters: Record<string, number | string | boolean> },
): BankParts {
  const S = size.reduce((a, b) => a * b, 1);
  const d = size.length;
  const { analytic } = options;
  const L = d === 1 ? 1 : options.orientations;
  const sides = d === 1 && analytic ? 2 : 1;
  const perBand = d === 1 ? sides : L;
  const lowpass = new Float64Array(2 * S);
  const responses = bands.map(() => Array.from({ length: perBand }, () => new Float64Array(2 * S)));
  const signed = new Array<number>(d).fill(0);
  for (let k = 0; k < S; k++) {
    let rest = k;
    for (let a = d - 1; a >= 0; a--) {
      const idx = rest % size[a];
      rest = (rest - idx) / size[a];
      signed[a] = signedIndex(idx, size[a]);
    }
    const region = regionOf(signed);
    if (region < 0) {
      lowpass[2 * k] = 1;
      continue;
    }
    let slot = 0;
    if (d === 1) {
      slot = analytic && signed[0] < 0 ? 1 : 0;
    } else {
      const w1 = signed[0] / size[0];
      const w2 = signed[1] / size[1];
      let theta = Math.atan2(w2, w1);
      if (theta < 0) theta += 2 * Math.PI;
      const period = analytic ? 2 * Math.PI : Math.PI;
      if (!analytic && theta >= Math.PI) theta -= Math.PI;
      slot = Math.min(L - 1, Math.floor((theta * L) / period));
    }
    responses[region][slot][2 * k] = 1;
  }
  const filters: BankParts["filters"] = [];
  bands.forEach((band, b) => {
    for (let slot = 0; slot < perBand; slot++) {
      const response = responses[b][slot];
      let any = false;
      for (let k = 0; k < S && !any; k++) any = response[2 * k] !== 0;
      const extra: Partial<FilterLabel> = {};
      let name = band.name;
      if (d === 1 && analytic) {
        extra.sign = slot === 0 ? 1 : -1;
        name += slot === 0 ? ",+" : ",-";
      } else if (d === 2) {
        extra.orientation = slot;
        name += `,theta=${slot}`;
      }
      if (!any) {
        throw new DomainError(
          `${where}: band ${name} contains no frequency bin of the ${size.join("x")} grid; use fewer scales/bands/orientations for this size`,
        );
      }
      filters.push({ label: { ...band.label, ...extra, name }, response, centre: band.centre });
    }
  });
  return { lowpass, filters, analytic, nominalCutoff: options.nominalCutoff, parameters: options.parameters };
}
