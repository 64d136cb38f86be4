/**
 * Symbolic core vs SymPy: symbol F, Gram G = F^H F and real (cos/sin) forms of
 * (1) a fully symbolic 3x3 2-D stencil (9 symbols) and (2) a 2-channel (2 x 2) symbolic 3x3
 * stencil (36 symbols), both sides with the same exact algorithm (bench/symbolic_reference.py),
 * timed in the same run as the median of several repeats, process start-up excluded.
 * Also checks that both sides produce the same number of Gram monomials.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Stencil } from "../src/stencil/stencil";
import { spectralDensity } from "../src/symbol/spectral-density";
import { median } from "./harness";

const REPEATS = 7;
const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..");

function runConvspec(cout: number, cin: number) {
  const F = spectralDensity(Stencil.symbolic("k", [3, 3], { cout, cin }));
  const G = F.gram();
  const rf = G.realForm();
  const ff = F.realForm();
  return { G, rf, ff };
}


const ref = JSON.parse(execFileSync("/usr/bin/python3", [join(root, "bench", "symbolic_reference.py"), String(REPEATS)], { encoding: "utf8" })) as Record<string, { seconds: number; gram_terms: number[] }>;

for (const [name, co, ci] of [["3x3-single", 1, 1], ["3x3-2ch", 2, 2]] as const) {
  runConvspec(co, ci); // warm-up (JIT)
  const ts: number[] = [];
  let G!: ReturnType<typeof runConvspec>["G"];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    G = runConvspec(co, ci).G;
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const terms = G.entries.map((e) => e.size);
  if (JSON.stringify(terms) !== JSON.stringify(ref[name].gram_terms)) {
    throw new Error(`${name}: Gram monomial counts differ from SymPy: ${terms} vs ${ref[name].gram_terms}`);
  }
  console.log(`BENCH ${JSON.stringify({ name: `symbol+gram+realform ${name} symbolic stencil`, convspec_s: median(ts), reference: "sympy expand + real form (same algorithm)", reference_s: ref[name].seconds, goal: 1.0 })}`);
}
