// Precompress the built JS/CSS/SVG next to the originals (aiohttp's FileResponse serves the
// .gz itself when the client accepts gzip). Node's gzip header carries mtime 0, so the output
// is byte-for-byte reproducible and `scripts/check-web-dist` can compare it with git.
import { readdirSync, readFileSync, writeFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";

const dist = new URL("../../openlist/webui/", import.meta.url).pathname;
const exts = [".js", ".css", ".svg", ".html", ".json"];
let total = 0;
let firstLoad = 0;

function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    if (name.endsWith(".gz")) { unlinkSync(p); continue; }
    if (!exts.some((e) => name.endsWith(e)) || name === "index.html") continue;
    const gz = gzipSync(readFileSync(p), { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(p + ".gz", gz);
    total += gz.length;
    if (name.endsWith(".js") || name.endsWith(".css")) firstLoad += gz.length;
  }
}
walk(dist);
console.log(`precompressed: ${(total / 1024).toFixed(1)} KiB gzipped (js+css ${(firstLoad / 1024).toFixed(1)} KiB)`);
