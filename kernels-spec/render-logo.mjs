#!/usr/bin/env node
// Renders kernels-spec/convspec/logo.svg into logo-32x32.png and logo-64x64.png (the sizes
// Jupyter looks for) with @resvg/resvg-js. Run after editing the SVG; the PNGs are committed.
import { readFileSync, writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

const dir = new URL("./convspec/", import.meta.url).pathname;
const svg = readFileSync(dir + "logo.svg", "utf8");
for (const size of [32, 64]) {
  const png = new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng();
  writeFileSync(`${dir}logo-${size}x${size}.png`, png);
  console.log(`wrote logo-${size}x${size}.png (${png.length} bytes)`);
}
