/**
 * Typed errors. Every bad input to convspec raises a subclass of {@link ConvspecError} whose
 * message says what was wrong and what is allowed; `code` is stable for programmatic checks.
 */
export class ConvspecError extends Error {
  /** Stable machine-readable code, e.g. "SHAPE_MISMATCH". */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Wrong shape, ragged arrays, empty input, size mismatch between arguments. */
export class ShapeError extends ConvspecError {
  constructor(message: string) { super("SHAPE", message); }
}

/** A value out of its allowed domain: NaN/Inf, negative where >= 0 is required, origin outside the kernel. */
export class DomainError extends ConvspecError {
  constructor(message: string) { super("DOMAIN", message); }
}

/** An option that is unknown or has a value outside the allowed set. */
export class OptionError extends ConvspecError {
  constructor(message: string) { super("OPTION", message); }
}

/** The input is larger than the method supports (e.g. dense SVD above its size limit). */
export class SizeLimitError extends ConvspecError {
  constructor(message: string) { super("SIZE_LIMIT", message); }
}

/** A symbolic expression could not be parsed or is outside the supported class. */
export class ParseError extends ConvspecError {
  constructor(message: string) { super("PARSE", message); }
}

/** A CAS result disagreed numerically with the exact representation it was derived from. */
export class VerificationError extends ConvspecError {
  constructor(message: string) { super("VERIFICATION", message); }
}

/** A file is corrupt, truncated or of an unsupported format. */
export class FormatError extends ConvspecError {
  constructor(message: string) { super("FORMAT", message); }
}

/** An iterative method did not reach its tolerance within its iteration budget. */
export class ConvergenceError extends ConvspecError {
  constructor(message: string) { super("CONVERGENCE", message); }
}

/** Throws an {@link OptionError} if `options` has keys outside `allowed`. */
export function checkOptions(where: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object") throw new OptionError(`${where}: options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionError(`${where}: unknown option "${key}"; allowed: ${allowed.join(", ")}`);
    }
  }
}

/** Throws a {@link DomainError} naming the first non-finite entry of `data`. */
export function checkFinite(where: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new DomainError(`${where}: entry ${i} is ${data[i]}; only finite numbers are allowed`);
    }
  }
}

/** Throws an {@link OptionError} unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new OptionError(`${where}: ${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Throws a {@link DomainError} unless `value` is an integer in [min, max]. */
export function checkInteger(where: string, name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(`${where}: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
