/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/healthz": "http://127.0.0.1:8080",
    },
  },
  build: {
    outDir: "dist",
    // The server's CSP allows no inline script: keep every asset a real file.
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      // Two pages: the dashboard, and the client's check-in page that the server answers
      // every /r/{token} with. The check-in page imports no React and no dashboard code.
      input: {
        index: fileURLToPath(new URL("./index.html", import.meta.url)),
        selfreport: fileURLToPath(
          new URL("./selfreport.html", import.meta.url),
        ),
      },
      // A shared chunk would otherwise be named after its first module ("substances"):
      // no asset URL should say what the check-in page is about.
      output: { chunkFileNames: "assets/shared-[hash].js" },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
