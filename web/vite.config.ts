import { defineConfig } from "vite";

// Relative base: index.html references "./assets/…", which the server rewrites to
// "<site path>/assets/…" when it serves the page (openlist/spa.py), so one build works under
// any sub-path. Chunks import each other relative to import.meta.url.
export default defineConfig({
  base: "./",
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
