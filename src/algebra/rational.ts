/**
 * Exact rational numbers `num / den` on BigInt, always reduced with `den > 0`.
 * Why our own: stencil coefficients such as 1/16 (binomial) must stay exact through products and
 * Gram sums; a float would turn `F^H F` cancellations into 1e-17 noise terms.
 */
import { DomainError } from "../core/errors";

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) { const t = a % b; a = b; b = t; }
  return a;
}

export class Rational {
  readonly num: bigint;
  readonly den: bigint;
  private constructor(num: bigint, den: bigint) { this.num = num; this.den = den; }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** `num / den` reduced; throws DomainError on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = typeof num === "bigint" ? num : BigInt(num);
    let d = typeof den === "bigint" ? den : BigInt(den);
    if (d === 0n) throw new DomainError("Rational: zero denominator");
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    if (g > 1n) { n /= g; d /= g; }
    return new Rational(n, d);
  }

  /**
   * The exact value of a finite double (every double is a dyadic rational), so `0.1` becomes
   * 3602879701896397/36028797018963968: no silent rounding. Use {@link Rational.parseDecimal} for
   * decimal strings meant as exact decimals.
   */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new DomainError(`Rational: ${x} is not a finite number; only finite numbers are allowed`);
    if (Number.isInteger(x)) return new Rational(BigInt(x), 1n);
    let den = 1n;
    let v = x;
    // scale by 2 until integral: terminates within 1074 steps for any finite double
    while (!Number.isInteger(v)) { v *= 2; den *= 2n; }
    return Rational.of(BigInt(v), den);
  }

  /** Parses "12", "-3/4", "0.125", "1e-3" exactly (decimal meaning). */
  static parseDecimal(s: string): Rational {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new DomainError(`Rational: "${s}" is not a decimal number`);
    const digits = (m[2] || "0") + (m[3] ?? "");
    let exp = (m[4] ? parseInt(m[4], 10) : 0) - (m[3]?.length ?? 0);
    let n = BigInt(digits);
    if (m[1] === "-") n = -n;
    if (exp >= 0) return Rational.of(n * 10n ** BigInt(exp), 1n);
    exp = -exp;
    return Rational.of(n, 10n ** BigInt(exp));
  }

  isZero(): boolean { return this.num === 0n; }
  isOne(): boolean { return this.num === 1n && this.den === 1n; }
  isInteger(): boolean { return this.den === 1n; }
  sign(): number { return this.num > 0n ? 1 : this.num < 0n ? -1 : 0; }

  add(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num + o.num, 1n);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational { return this.add(o.neg()); }
  mul(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num * o.num, 1n);
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new DomainError("Rational: division by zero");
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational { return new Rational(-this.num, this.den); }
  equals(o: Rational): boolean { return this.num === o.num && this.den === o.den; }

  /** Nearest double (exact when representable). */
  toNumber(): number {
    if (this.den === 1n) return Number(this.num);
    const q = Number(this.num) / Number(this.den);
    if (Number.isFinite(q) && q !== 0) return q;
    // huge num/den: scale down in BigInt before converting
    const shift = BigInt(Math.max(0, this.den.toString(2).length - 1000));
    return Number(this.num >> shift) / Number(this.den >> shift);
  }
  /** "3", "-3/4". */
  toString(): string { return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`; }
  /** "3", "-\\frac{3}{4}". */
  toTeX(): string {
    if (this.den === 1n) return this.num.toString();
    const neg = this.num < 0n;
    return `${neg ? "-" : ""}\\frac{${neg ? -this.num : this.num}}{${this.den}}`;
  }
}
