import { loadWeights, listConvKernels } from "./src/io";
import { spectralNorm } from "./src/spectrum";
import { spectralNormBounds, maxSymbolNorm } from "./src/bounds";
import { circularGrid, sineGrid, halfGrid } from "./src/grid";
const ks = listConvKernels(loadWeights("node_modules/@vladmandic/face-api/model/face_recognition_model"));
for (const name of ["conv32_1/conv1/conv/filters", "conv256_1/conv1/conv/filters"]) {
  const K = ks.find((k) => k.name === name)!.kernel;
  for (const n of [8, 16, 32]) {
    let t = performance.now();
    const s = spectralNorm(K, { inputShape: [n, n], padding: "zero" });
    const te = (performance.now() - t) / 1000;
    t = performance.now();
    const c = maxSymbolNorm(K, halfGrid(circularGrid([n, n])));
    const sg = maxSymbolNorm(K, sineGrid([n, n]));
    const ta = (performance.now() - t) / 1000;
    t = performance.now();
    const b = spectralNormBounds(K, { inputShape: [n, n], padding: "zero", exact: false });
    const tb = (performance.now() - t) / 1000;
    console.log(name, n, s.value, s.iterations, te.toFixed(2), c, sg, ta.toFixed(2), tb.toFixed(2), b.rows.map((r) => `${r.method}:${r.value.toFixed(4)}:${r.seconds.toFixed(2)}`).join(" "));
  }
}
