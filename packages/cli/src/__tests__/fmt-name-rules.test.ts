import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * `wbrules fmt --name-rules` pins derived names: every unnamed rule gets
 * `automation "NAME"` with the name it already has, so what it compiles
 * to does not change; comments stay, and running it again changes nothing.
 */

const examples = readdirSync(join(root, 'examples'))
  .filter((name) => name.endsWith('.wbrules'))
  .sort();

const inputsOf = (file: string, text: string) => compile([{ file, text }]).automations.map((a) => a.input);

describe('fmt --name-rules', () => {
  test.each(examples)('%s: every rule named, every input unchanged, comments kept', (name) => {
    const text = readFileSync(join(root, 'examples', name), 'utf8');
    const cwd = tempDir({ [name]: text });
    const printed = wbrules(['fmt', '--name-rules', name], { cwd });
    expect(printed.status).toBe(0);
    expect(printed.stderr).toBe('');
    const named = printed.stdout;
    const before = compile([{ file: name, text }]);
    expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const after = compile([{ file: name, text: named }]);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(after.automations.every((a) => !a.derivedName)).toBe(true);
    expect(inputsOf(name, named)).toEqual(inputsOf(name, text));
    for (const comment of text.split('\n').filter((line) => line.trim().startsWith('#')))
      expect(named).toContain(comment.trim());

    // In place, and a second run changes nothing.
    expect(wbrules(['fmt', '--name-rules', '--write', name], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, name), 'utf8')).toBe(named);
    expect(wbrules(['fmt', '--name-rules', '--check', name], { cwd })).toMatchObject({ status: 0, stderr: '' });
  });

  test('names the rule above it, as fmt lays it out', () => {
    const cwd = tempDir({
      'a.wbrules': 'in project "acme/x"\n\n# keep me\non run metric "loss" > 2 -> nothing\n',
    });
    expect(wbrules(['fmt', '--name-rules', 'a.wbrules'], { cwd })).toEqual({
      status: 0,
      stderr: '',
      stdout:
        'in project "acme/x"\n\n# keep me\nautomation "loss-gt-2-nothing"\non run metric "loss" > 2\n  -> nothing\n',
    });
  });
});
