// A bench script's own section of BENCHMARKS.md (its heading `head`, e.g.
// "\n## 6. Cold start"): replaced where it stands, or put before the scale
// section when new. bench/report.mjs keeps these sections as they stand.
import fs from "node:fs";

export function writeSection(file, head, section) {
  let md = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (md.includes(head)) {
    const start = md.indexOf(head);
    const next = md.indexOf("\n## ", start + head.length);
    md = md.slice(0, start) + section + (next < 0 ? "" : md.slice(next));
  } else {
    const scale = md.indexOf("\n## Scale: 10k and 100k");
    md = scale < 0 ? md + section : md.slice(0, scale) + section + md.slice(scale);
  }
  fs.writeFileSync(file, md);
}
