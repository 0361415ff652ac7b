import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * The playground is a static page: `base: './'` so dist/ works from any
 * folder or a file server. dsl and compiler are bundled from source (the
 * `wbrules-source` condition), unchanged. `dist/tsc` belongs to `tsc -b`,
 * so only the page's own files are replaced.
 */

const dist = join(import.meta.dirname, 'dist');

/** Prints (and writes to dist/bundle-size.json) the page's JavaScript size, raw and gzipped. */
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
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        bytes += Buffer.byteLength(chunk.code);
        gzipBytes += gzipSync(chunk.code, { level: 9 }).length;
        files.push(chunk.fileName);
      }
      const report = { file: files.join(', '), bytes, gzipBytes };
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
  plugins: [bundleSize()],
});
