/**
 * One displayable summary of a stencil's spectral objects: the taps (origin boxed), the symbol
 * `F(w)` in exponential and exact real form, `|F|^2` (one channel) or the Gram symbol, and — only
 * when it passed the numerical check — a shorter CAS form (see {@link presentable}).
 */
import { DISPLAY, MimeBundle } from "../display/channel";
import { Stencil } from "../stencil/stencil";
import { presentable, CheckedExpression } from "./cas";
import { frequencyTeX } from "../algebra/index";
import { SpectralDensity, spectralDensity } from "./spectral-density";

export class SymbolSummary {
  readonly F: SpectralDensity;
  readonly G: SpectralDensity;
  /** Verified short forms of F and |F|^2 (single channel only). */
  readonly shortF?: CheckedExpression;
  readonly shortAbs2?: CheckedExpression;
  constructor(readonly name: string, readonly stencil: Stencil) {
    this.F = spectralDensity(stencil);
    this.G = this.F.gram();
    if (stencil.cout === 1 && stencil.cin === 1) {
      this.shortF = presentable(this.F.entry(0, 0));
      this.shortAbs2 = presentable(this.G.entry(0, 0));
    }
  }
  toTeX(): string {
    const w = frequencyTeX(this.F.dim).join(",");
    const lines = [`\\text{${this.name.replace(/[{}\\$%&#_^~]/g, " ")}}:\\quad K = ${this.stencil.toTeX()}`];
    lines.push(`F(${w}) = ${this.F.toTeX()}`);
    lines.push(`\\phantom{F(${w})} = ${this.F.realForm().toTeX()}`);
    if (this.shortF && this.shortF.text !== this.F.realForm().entry(0, 0).toString()) lines.push(`\\phantom{F(${w})} = ${this.shortF.tex} \\quad \\text{(CAS, verified)}`);
    if (this.shortAbs2) lines.push(`|F(${w})|^2 = ${this.shortAbs2.tex}`);
    else lines.push(`G(${w}) = F^H F = ${this.G.realForm().toTeX()}`);
    return `\\begin{aligned} ${lines.map((l) => l.replace("=", "&=")).join(" \\\\ ")} \\end{aligned}`;
  }
  toString(): string {
    const parts = [`${this.name}: ${this.stencil.toString()}`, this.F.toString(), this.F.realForm().toString()];
    if (this.shortAbs2) parts.push(`|F|^2 = ${this.shortAbs2.text}`);
    else parts.push(this.G.realForm().toString());
    return parts.join("\n");
  }
  [DISPLAY](): MimeBundle { return { "text/plain": this.toString(), "text/latex": `$$${this.toTeX()}$$` }; }
}

/** Summary of `stencil` under a display name (see {@link SymbolSummary}). */
export function symbolSummary(name: string, stencil: Stencil): SymbolSummary { return new SymbolSummary(name, stencil); }
