// exact algebra below both stencil/ and symbol/: rationals, Laurent polynomials in frequency
// variables with symbolic coefficients, and the polynomial parser (stencil -> symbol, no arrow back)
export { Rational } from "./rational";
export {
  LaurentPoly, frequencyNames, frequencyTeX, symbolTeX, renderSymbolPoly, linearForm,
  type LaurentTerm, type SymbolValue,
} from "./laurent";
export { RESERVED_NAMES, checkSymbolName, parsePolynomial } from "./parse";
