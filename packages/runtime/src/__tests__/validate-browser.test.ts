import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { compile } from '@wbrules/compiler';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// A browser (the playground, a web UI) checks payloads with
// `@wbrules/runtime/validate`: prove that subpath bundles for the browser
// platform (esbuild refuses `node:` imports there) and validates in a
// context with no Node globals at all. The bundle starts from the package's
// own export map, so the subpath and its `wbrules-source` target are tested too.
describe('@wbrules/runtime/validate in a browser-like environment', () => {
  it('bundles for the browser and validates with no Node globals', async () => {
    const out = await build({
      stdin: {
        contents: "export { formatJsonPath, validate } from '@wbrules/runtime/validate';",
        resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'wbrulesValidate',
      conditions: ['wbrules-source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Only the validator, the schema and what they need: nothing of the client or of plans.
    const inputs = Object.keys(out.metafile.inputs).filter((f) => f.includes('runtime/src/'));
    expect(inputs.filter((f) => !/runtime\/src\/(validate|schema)\//.test(f))).toEqual([]);

    const text = 'webhook ci = "hook"\nin project "a/b"\non run metric "loss" changes by 10% within 5 -> webhook ci\n';
    const compiled = compile([{ file: 'r.wbrules', text }], {
      ids: { projects: { 'a/b': 'P1' }, webhooks: { 'a/hook': 'W1' } },
    });
    const payload = compiled.automations[0]?.input;
    expect(payload?.scopeID).toBe('P1');

    const sandbox: Record<string, unknown> = { payloadJson: JSON.stringify(payload) };
    vm.createContext(sandbox);
    vm.runInContext(
      `${out.outputFiles[0]?.text ?? ''}
       const payload = JSON.parse(payloadJson);
       const good = wbrulesValidate.validate(payload);
       const bad = wbrulesValidate.validate({ ...payload, eventFilter: '{"run_filter": 1}', scopeType: 'TEAM' });
       globalThis.result = JSON.stringify({
         good: { ok: good.ok, kind: good.kind, problems: good.problems.length },
         bad: { ok: bad.ok, paths: bad.problems.map((p) => wbrulesValidate.formatJsonPath(p.path)) },
       });`,
      sandbox,
    );
    const result = JSON.parse(sandbox.result as string) as {
      good: { ok: boolean; kind: string; problems: number };
      bad: { ok: boolean; paths: string[] };
    };
    expect(result.good).toEqual({ ok: true, kind: 'create', problems: 0 });
    expect(result.bad).toEqual({ ok: false, paths: ['scopeType', 'eventFilter', 'eventFilter.run_filter'] });
    expect(vm.runInContext('typeof process + typeof require + typeof Buffer', sandbox)).toBe(
      'undefinedundefinedundefined',
    );
  });
});
