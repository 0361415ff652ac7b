import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileEntryKeys } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { readIdMapFile } from '../id-map-file.js';
import { unpluginWbrules } from '../plugin.js';
import { wbrulesModule } from '../wbrules-module.js';
import { project, root } from './harness.js';

describe('wbrulesModule', () => {
  const text = readFileSync(join(root, 'examples/quickstart.wbrules'), 'utf8');

  test('exports the entries of `wbrules compile`, keys in its order', () => {
    const module = wbrulesModule({ file: 'quickstart.wbrules', text });
    expect(module.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(module.automations).toHaveLength(3);
    expect(module.automations[1]).toMatchObject({ name: 'accuracy-floor', file: 'quickstart.wbrules', line: 10 });
    for (const a of module.automations) {
      expect(Object.keys(a)).toEqual(compileEntryKeys.filter((k) => k in a));
    }
    expect(module.code).toBe(`export default ${JSON.stringify(module.automations, null, 2)};\n`);
  });

  test('reads past a byte order mark, as the command line does', () => {
    const module = wbrulesModule({ file: 'quickstart.wbrules', text: `\ufeff${text}` });
    expect(module.automations).toEqual(wbrulesModule({ file: 'quickstart.wbrules', text }).automations);
  });

  test('reports an ID missing from the map as an error at the rule', () => {
    const module = wbrulesModule({ file: 'q.wbrules', text }, { ids: { projects: {} } });
    expect(module.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('readIdMapFile', () => {
  const dir = project();
  const cases: [string, string | undefined, RegExp][] = [
    ['missing', undefined, /^cannot read the ID map ".*missing\.json": no such file$/],
    ['not-json', '{"projects": ', /not-json\.json:1:14: invalid JSON in the ID map: /],
    ['twice', '{"projects": {}, "projects": {}}', /twice\.json:1:18: invalid JSON in the ID map: /],
    ['typo', '{"project": {}}', /typo\.json: /],
  ];
  test.each(cases)('refuses %s, naming the file', (name, text, message) => {
    const path = join(dir, `${name}.json`);
    if (text !== undefined) writeFileSync(path, text);
    const read = readIdMapFile(path);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toMatch(message);
  });

  test('reads a map as `wbrules resolve -o` writes it', () => {
    const path = join(dir, 'ids.json');
    writeFileSync(path, '{\n  "projects": {\n    "acme/vision": "UHJvamVjdDox"\n  }\n}\n');
    expect(readIdMapFile(path)).toEqual({ ok: true, ids: { projects: { 'acme/vision': 'UHJvamVjdDox' } } });
  });
});

test('the plugin refuses both `ids` and `idsFile`', () => {
  expect(() => unpluginWbrules.rollup({ ids: {}, idsFile: 'ids.json' })).toThrow(
    'wbrules: give the ID map as `ids` or as `idsFile`, not both',
  );
});
