import { defineConfig } from "vite";

// Relative base: index.html references "./assets/…", which the server rewrites to
// "<site path>/assets/…" when it serves the page (openlist/spa.py), so one build works under
// any sub-path. Chunks import each other relative to import.meta.url.
// `npm run dev` proxies the API and downloads to a running server (OPENLIST_URL).
const backend = process.env.OPENLIST_URL || "http://127.0.0.1:5244";

export default defineConfig({
  base: "./",
  server: {
    proxy: Object.fromEntries(["/api", "/d", "/p", "/manifest.json"].map((p) => [p, backend])),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../openlist/webui",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    target: "es2020",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
