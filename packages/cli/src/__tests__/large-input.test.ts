// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
/**
 * Large input through the real command: a result or a located diagnostic
 * (exit 0 or 1), never an internal error (exit 2), and never the minutes or
 * gigabytes these shapes once took. Each was a bug report: an out-of-memory
 * did-you-mean, quadratic `${` spans, stack overflows on long flat filters,
 * `in` lists and payloads.
 */
import { format, maxNestingDepth } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

const scope = 'in project "acme/vision"\n';

/** Runs `wbrules ARGS rules.wbrules` on `text`; asserts no internal error. */
function run(args: readonly string[], text: string) {
  const result = wbrules([...args, 'rules.wbrules'], { cwd: tempDir({ 'rules.wbrules': text }) });
  expect(result.stderr).not.toContain('internal error');
  return result;
}

describe('large input: a result or a located diagnostic, never an internal error', () => {
  test('a 20,000-character integration name misspelled (out of memory)', () => {
    const name = 'a'.repeat(20_000);
    const result = run(['check'], `webhook ${name} = "x"\n${scope}on run state failed -> webhook ${name.slice(1)}b\n`);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^rules\.wbrules:3:32: error\[WR3019\]: unknown webhook integration "a+b"$/m);
  });

  test('"${event_type}${" 1,000 times in one payload string (quadratic)', () => {
    const text = `webhook ci = "x"\n${scope}on run state failed -> webhook ci { "k": "${'${event_type}${'.repeat(1_000)}" }\n`;
    const result = run(['check'], text);
    expect(result.status).toBe(0);
    expect(result.stdout.match(/warning\[WR3021\]/g)).toHaveLength(999);
    expect(result.stderr).toBe('checked 1 file: 1 rule, 0 errors, 999 warnings\n');
  });

  test.each([
    ['and', 40_000],
    ['or', 40_000],
  ])('an unnamed rule with 40,000 `%s`s in its filter (a stack overflow from 30,732)', (joiner, n) => {
    const text = `${scope}on run state failed where run.name == "a"${` ${joiner} run.name != "b"`.repeat(n)} -> nothing\n`;
    const checked = run(['check'], text);
    expect(checked).toEqual({ status: 0, stdout: '', stderr: 'checked 1 file: 1 rule, 0 errors, 0 warnings\n' });
    const compiled = run(['compile', '-o', 'out.json'], text);
    expect(compiled.status).toBe(0);
  });

  test('an unnamed rule with an `in` list of 160,000 items (a stack overflow from 122,958)', () => {
    const items = Array.from({ length: 160_000 }, (_, i) => `"r${i}"`).join(', ');
    const checked = run(['check'], `${scope}on run state failed where run.name in [${items}] -> nothing\n`);
    expect(checked).toEqual({ status: 0, stdout: '', stderr: 'checked 1 file: 1 rule, 0 errors, 0 warnings\n' });
  });

  test('fmt on a payload of 160,000 elements, one per line (a stack overflow from 122,958)', () => {
    const elements = Array.from({ length: 160_000 }, (_, i) => `${i}`).join(', ');
    const formatted = format(`webhook ci = "x"\n${scope}on run state failed -> webhook ci { "k": [${elements}] }\n`);
    expect(formatted.split('\n').length).toBeGreaterThan(160_000);
    expect(run(['fmt', '--check'], formatted).status).toBe(0);
  });

  test(`nesting past ${maxNestingDepth} levels is the documented limit: a located error`, () => {
    const result = run(
      ['check'],
      `${scope}on run state failed where ${'('.repeat(10_000)}run.name == "a"${')'.repeat(10_000)} -> nothing\n`,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^rules\\.wbrules:2:${27 + maxNestingDepth}: error\\[WR1105\\]: this filter or payload nests more than ${maxNestingDepth} levels deep$`,
        'm',
      ),
    );
  });
});
