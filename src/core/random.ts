/**
 * Seeded randomness. Every random draw in convspec goes through an explicit {@link Rng} so that
 * the same seed gives byte-identical numbers and figures. Generator: mulberry32 seeded through
 * splitmix32 (32-bit state; uniform doubles built from 53 random bits).
 */
export class Rng {
  private state: number;
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng: seed must be a finite number, got ${seed}`);
    // splitmix32 scrambles small/similar seeds into well-spread initial states
    let z = (Math.floor(seed) + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }
  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform double in [0, 1). */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** Uniform double in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }
  /** Uniform integer in [a, b] inclusive. */
  int(a: number, b: number): number {
    return a + Math.floor(this.uniform() * (b - a + 1));
  }
  /** Standard normal N(0, 1) (Box-Muller, cosine branch only for reproducibility). */
  normal(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** `n` standard normals. */
  normals(n: number, scale = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = scale * this.normal();
    return out;
  }
  /** `n` uniforms in [a, b). */
  uniforms(n: number, a = 0, b = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.range(a, b);
    return out;
  }
}

/** Convenience: a fresh generator for `seed`. */
export function rng(seed: number): Rng {
  return new Rng(seed);
}
