import { layerReport } from "./src/report";
const t = performance.now();
const r = layerReport("node_modules/@vladmandic/face-api/model/face_recognition_model", { inputShape: [8, 8], layers: (l) => l.cout <= 64 && l.index !== 0 } as any);
console.log(r.toString());
console.log(r.toCSV().split("\n").slice(0, 5).join("\n"));
console.log((performance.now() - t) / 1000);
