/**
 * Parsing of stencil entries given as strings ("a", "2*b - c/3", "(t1 + t2)^2") into exact
 * {@link LaurentPoly} values (no frequency variables). Parsing uses mathjs `parse`; the AST is
 * then translated by us, so no CAS arithmetic is involved.
 *
 * Allowed: rational/decimal numbers (taken exactly as decimals: "0.1" is 1/10), symbols (names
 * of letters, digits and underscores, starting with a letter), `+`, `-`, `*`, division by a
 * nonzero number, `^` with a non-negative integer exponent, parentheses. Everything else
 * (functions like `sin(a)`, division by a symbol, `a^b`, reserved names) is rejected with a
 * {@link ParseError}: stencil taps are polynomials in real parameters, which keeps the symbol a
 * Laurent polynomial and every later operation exact.
 */
import { parse, MathNode } from "mathjs";
import { ParseError } from "../core/errors";
import { LaurentPoly } from "./laurent";
import { Rational } from "./rational";

/** Names that cannot be stencil symbols: constants and the frequency variables of text output. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["i", "e", "E", "pi", "PI", "Infinity", "NaN", "true", "false", "w", "omega", "w1", "w2", "w3", "w4", "w5", "w6"]);

const ALLOWED = "numbers, symbols (letters, digits, _), + - *, division by a nonzero number, ^ with a non-negative integer exponent, parentheses";

/** Checks a symbol name; throws ParseError if it is reserved or malformed. */
export function checkSymbolName(name: string, where = "symbol"): string {
  if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw new ParseError(`${where}: "${name}" is not a valid symbol name; use letters, digits and _, starting with a letter`);
  }
  if (RESERVED_NAMES.has(name)) {
    throw new ParseError(`${where}: "${name}" is reserved (constants i, e, pi and frequency names w, w1.., omega); choose another name`);
  }
  return name;
}

/** Parses a polynomial expression in real symbols with rational coefficients. */
export function parsePolynomial(text: string): LaurentPoly {
  if (typeof text !== "string" || text.trim() === "") throw new ParseError(`parsePolynomial: empty expression; allowed: ${ALLOWED}`);
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    throw new ParseError(`cannot parse "${text}": ${(e as Error).message}; allowed: ${ALLOWED}`);
  }
  return translate(node, text);
}

function constOf(p: LaurentPoly): Rational | undefined { return p.constantValue(); }

function translate(node: MathNode, text: string): LaurentPoly {
  const n = node as MathNode & Record<string, any>;
  switch (n.type) {
    case "ConstantNode": {
      const v = n.value;
      if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new ParseError(`"${text}": ${v} is not a finite number`);
        // re-read the literal from its decimal text so 0.1 is exactly 1/10
        return LaurentPoly.constant(Rational.parseDecimal(String(v)));
      }
      if (typeof v === "string" && /^[0-9.eE+-]+$/.test(v)) return LaurentPoly.constant(Rational.parseDecimal(v));
      throw new ParseError(`"${text}": constant ${JSON.stringify(v)} is not a number; allowed: ${ALLOWED}`);
    }
    case "SymbolNode":
      return LaurentPoly.symbol(checkSymbolName(n.name, `"${text}"`));
    case "ParenthesisNode":
      return translate(n.content, text);
    case "OperatorNode": {
      const args: LaurentPoly[] = (n.args as MathNode[]).map((a) => translate(a, text));
      switch (n.fn) {
        case "unaryMinus": return args[0].neg();
        case "unaryPlus": return args[0];
        case "add": return args[0].add(args[1]);
        case "subtract": return args[0].sub(args[1]);
        case "multiply": return args[0].mul(args[1]);
        case "divide": {
          const c = constOf(args[1]);
          if (c === undefined) throw new ParseError(`"${text}": division by the non-constant "${(n.args[1] as MathNode).toString()}" is not allowed (taps must be polynomials); allowed: ${ALLOWED}`);
          if (c.isZero()) throw new ParseError(`"${text}": division by zero`);
          return args[0].scale(Rational.ONE.div(c));
        }
        case "pow": {
          const c = constOf(args[1]);
          if (c === undefined || !c.isInteger() || c.sign() < 0 || c.num > 64n) {
            throw new ParseError(`"${text}": exponent "${(n.args[1] as MathNode).toString()}" must be an integer constant in 0..64; allowed: ${ALLOWED}`);
          }
          return args[0].pow(Number(c.num));
        }
        default:
          throw new ParseError(`"${text}": operator "${n.op}" is not allowed; allowed: ${ALLOWED}`);
      }
    }
    case "FunctionNode":
      throw new ParseError(`"${text}": function "${n.fn?.name ?? n.fn}" is not allowed (taps must be polynomials in real symbols); allowed: ${ALLOWED}`);
    default:
      throw new ParseError(`"${text}": ${n.type} is not allowed; allowed: ${ALLOWED}`);
  }
}
