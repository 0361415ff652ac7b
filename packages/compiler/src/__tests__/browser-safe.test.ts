import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The playground and other tools run the compiler in a browser: prove it
// bundles for the browser platform (esbuild refuses `node:` imports there)
// and compiles in a context with no Node globals at all.
describe('@wbrules/compiler in a browser-like environment', () => {
  it('bundles for the browser and compiles with no Node globals', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'wbrulesCompiler',
      conditions: ['wbrules-source'],
      write: false,
      logLevel: 'silent',
    });
    const sandbox: Record<string, unknown> = {};
    vm.createContext(sandbox);
    vm.runInContext(
      `${out.outputFiles[0]?.text ?? ''}
       globalThis.result = wbrulesCompiler.compile(
         [{ file: 'r.wbrules', text: 'webhook ci = "hook"\\nin project "a/b"\\non run metric "loss" changes by 10% within 5 -> webhook ci\\n' }],
         { ids: { projects: { 'a/b': 'P1' }, webhooks: { 'a/hook': 'W1' } } },
       );`,
      sandbox,
    );
    const result = sandbox.result as { automations: { input: { eventFilter: string; scopeID: string } }[] };
    expect(result.automations[0]?.input.scopeID).toBe('P1');
    expect(result.automations[0]?.input.eventFilter).toBe(
      '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"change_filter":{"name":"loss","agg_op":"AVERAGE","current_window_size":5,"change_amount":0.1,"prior_window_size":5,"change_type":"RELATIVE","change_dir":"ANY"}},"metric_filter":null}',
    );
    expect(vm.runInContext('typeof process + typeof require + typeof Buffer', sandbox)).toBe(
      'undefinedundefinedundefined',
    );
  });
});
