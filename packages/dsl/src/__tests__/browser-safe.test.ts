import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Editors and web pages embed the parser: prove the package bundles for the
// browser platform (esbuild fails on any `node:` import there) and runs in a
// context with no Node globals at all (no process, require, Buffer, module).
describe('@wbrules/dsl in a browser-like environment', () => {
  it('bundles for the browser and parses with no Node globals', async () => {
    const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'wbrulesDsl',
      conditions: ['wbrules-source'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/require\(["']node:/);
    const sandbox: Record<string, unknown> = { console };
    vm.createContext(sandbox);
    vm.runInContext(
      `${code}\nglobalThis.result = wbrulesDsl.parse('in project "a/b"\\non run metric "loss" changes by 10% within 5 -> webhook ci\\non run state -> nothing');`,
      sandbox,
    );
    const result = sandbox.result as { ast: { items: { kind: string }[] }; diagnostics: { code: string }[] };
    expect(result.ast.items.map((i) => i.kind)).toEqual(['ScopeDefault', 'Rule']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['WR1101']);
    expect(vm.runInContext('typeof process + typeof require + typeof Buffer', sandbox)).toBe(
      'undefinedundefinedundefined',
    );
  });
});
