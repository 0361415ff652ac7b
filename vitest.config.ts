import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Vite's default server conditions, listed again because setting `conditions` replaces them.
const defaultServerConditions = ['module', 'node', 'development|production'];

// Tests import sibling packages from source through the `wbrules-source`
// export condition, so a clean clone can run them before anything is built.
export default defineConfig({
  resolve: { conditions: ['wbrules-source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['wbrules-source', ...defaultServerConditions] } },
  test: {
    // Projects whose tests are pure (no module mocks, no process-wide state)
    // share one module graph per worker (`isolate: false`): their imports,
    // not their tests, were half of the suite's time.
    projects: [
      { extends: true, test: { name: 'dsl', root: 'packages/dsl', isolate: false } },
      { extends: true, test: { name: 'compiler', root: 'packages/compiler', isolate: false } },
      { extends: true, test: { name: 'evaluator', root: 'packages/evaluator', isolate: false } },
      { extends: true, test: { name: 'runtime', root: 'packages/runtime' } },
      { extends: true, test: { name: 'webhooks', root: 'packages/webhooks', isolate: false } },
      { extends: true, test: { name: 'unplugin', root: 'packages/unplugin' } },
      { extends: true, test: { name: 'dev-server', root: 'packages/dev-server' } },
      { extends: true, test: { name: 'cli', root: 'packages/cli' } },
      { extends: true, test: { name: 'language-server', root: 'packages/language-server', isolate: false } },
      { extends: true, test: { name: 'vscode', root: 'packages/vscode' } },
      { extends: true, test: { name: 'playground', root: 'packages/playground' } },
      {
        extends: true,
        test: { name: 'grammar', root: 'grammar', include: ['__tests__/**/*.test.ts'], isolate: false },
      },
      // The README and docs/: links resolve, the generated pages are fresh, the README's tour runs.
      { extends: true, test: { name: 'docs', root: 'docs', include: ['__tests__/**/*.test.ts'] } },
      // Packs every published package and installs the tarballs with npm (see the file).
      { extends: true, test: { name: 'packaging', root: 'scripts', include: ['__tests__/**/*.test.ts'] } },
    ],
    testTimeout: 30_000,
    // Vitest's default leaves a core idle (one worker on a 2-core machine); much of the suite waits on
    // the child processes it starts, so two workers there cut the wall time by a third (244 s -> 158 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
