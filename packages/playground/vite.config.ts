import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

/**
 * The playground is a static page: `base: './'` so dist/ works from any
 * folder or a file server. dsl and compiler are bundled from source (the
 * `wbrules-source` condition), unchanged. The language server runs beside
 * the page in a Web Worker, `lsp-worker.js`. `dist/tsc` belongs to `tsc -b`,
 * so only the page's own files are replaced.
 */

const dist = join(import.meta.dirname, 'dist');

/** The worker script's name, beside index.html. */
const workerFile = 'lsp-worker.js';

/**
 * `@wbrules/language-server/browser` as one classic-worker script: esbuild
 * for the browser, with no Node polyfills (a Node global or built-in on the
 * server's path fails the language server's own browser-entry test).
 */
async function bundleWorker(): Promise<string> {
  const result = await build({
    stdin: { contents: "import '@wbrules/language-server/browser';", resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    conditions: ['wbrules-source'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return (result.outputFiles[0] as { text: string }).text;
}

/** Emits the language server's worker with the page, and serves it from the dev server. */
function languageServerWorker(): Plugin {
  let code: string | undefined;
  return {
    name: 'wbrules-language-server-worker',
    async buildStart() {
      code = await bundleWorker();
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: workerFile, source: code ?? '' });
    },
    configureServer(server) {
      server.middlewares.use(`/${workerFile}`, (_request, response) => {
        bundleWorker().then(
          (text) => response.setHeader('content-type', 'text/javascript').end(text),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
      });
    },
  };
}

/** Writes dist/bundle-size.json: the page's JavaScript size, raw and gzipped, and the worker's. */
function bundleSize(): Plugin {
  return {
    name: 'wbrules-bundle-size',
    buildStart() {
      rmSync(join(dist, 'assets'), { recursive: true, force: true });
    },
    generateBundle(_options, bundle) {
      let bytes = 0;
      let gzipBytes = 0;
      const files: string[] = [];
      let worker: { file: string; bytes: number; gzipBytes: number } | undefined;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'asset' && chunk.fileName === workerFile) {
          const source = Buffer.from(chunk.source);
          worker = { file: workerFile, bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length };
        }
        if (chunk.type !== 'chunk') continue;
        bytes += Buffer.byteLength(chunk.code);
        gzipBytes += gzipSync(chunk.code, { level: 9 }).length;
        files.push(chunk.fileName);
      }
      const report = { file: files.join(', '), bytes, gzipBytes, worker };
      this.emitFile({ type: 'asset', fileName: 'bundle-size.json', source: `${JSON.stringify(report, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  base: './',
  resolve: { conditions: ['wbrules-source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  plugins: [languageServerWorker(), bundleSize()],
});
