/**
 * `compile` reads each file a parser chunk at a time and drops each chunk's
 * tree once its rules are compiled. These tests hold its result equal to
 * checking the whole tree at once (what editors run: `checkDocument` plus
 * duplicate names, and `compileDocument`), whatever the chunk size, on every
 * example and fixture, and on files whose declarations come after the rules
 * that use them (rules that wait for the end of the file).
 */

import { type Diagnostic, parse } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { checkDocument, compileDocument, compileStreaming } from '../compile.js';
import { duplicateNameDiagnostics } from '../resolve/resolve.js';
import type { CompileResult } from '../model/types.js';
import { allRuleFiles, repo } from './rule-files.js';

const files = allRuleFiles();

const ids = {
  projects: { 'acme/vision': 'P1', 'e/p': 'P2' },
  collections: { 'acme/vision/weights': 'C1' },
  webhooks: { 'acme/github-dispatch': 'W1', 'e/h': 'W2' },
  slack: { 'acme/#ml-alerts': 'S1', 'e/#c': 'S2' },
};

/** What a compile result says, in a form `toEqual` compares exactly (spans, fixes and hints included). */
function summary(result: CompileResult): unknown {
  return JSON.parse(JSON.stringify(result));
}

/** The editor's path: the whole tree checked at once, then duplicate names, in the compiler's order. */
function editorDiagnostics(file: string, text: string): Diagnostic[] {
  const { resolved, diagnostics } = checkDocument(file, parse(text, { file }));
  return [...diagnostics, ...duplicateNameDiagnostics(resolved.rules.map((rule) => ({ file, rule })))].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code),
  );
}

describe('compile, a chunk at a time', () => {
  test('there are files to compare', () => {
    expect(files.length).toBeGreaterThan(90);
  });

  test.each(files.map((f) => [f.path.slice(repo.length), f] as const))(
    '%s: every chunk size gives the whole-tree result',
    (_, { path, text }) => {
      for (const options of [{}, { ids }]) {
        const whole = compileDocument({ file: path, text }, options);
        const expected = summary({ automations: whole.automations, diagnostics: whole.diagnostics });
        for (const chunkTokens of [1, 7, 64, 512, 1e9]) {
          expect(summary(compileStreaming([{ file: path, text }], options, { chunkTokens }))).toEqual(expected);
        }
      }
      expect(summary({ automations: [], diagnostics: editorDiagnostics(path, text) })).toEqual(
        summary({ automations: [], diagnostics: compileDocument({ file: path, text }).diagnostics }),
      );
    },
  );

  // Declarations are hoisted: these rules use names declared (or re-declared) further down, past many chunks.
  const late = [
    'in project "e/p"',
    ...Array.from(
      { length: 40 },
      (_, i) => `automation "r${i}" on run state failed -> ${i % 2 ? 'slack s' : 'webhook w'}`,
    ),
    'automation "wrong" on run state failed -> slack w',
    'automation "unknown" on run state failed -> webhook wx',
    'automation "r3" on run state finished -> nothing',
    'webhook w = "h"',
    'slack s = "#c"',
    'webhook w = "other"',
    'slack unused = "#u"',
  ].join('\n');

  test('rules that use a declaration further down give the whole-tree result at every chunk size', () => {
    const whole = compileDocument({ file: 'late.wbrules', text: late }, { ids });
    expect(whole.diagnostics.map((d) => d.code)).toEqual(['WR3020', 'WR3019', 'WR2002', 'WR2003', 'WR3025']);
    const expected = summary({ automations: whole.automations, diagnostics: whole.diagnostics });
    for (const chunkTokens of [1, 3, 16, 100, 1e9]) {
      expect(summary(compileStreaming([{ file: 'late.wbrules', text: late }], { ids }, { chunkTokens }))).toEqual(
        expected,
      );
    }
  });

  test('without errors, every rule that waited for its declaration is lowered, in source order', () => {
    const ok = [
      'in project "e/p"',
      ...Array.from(
        { length: 40 },
        (_, i) => `automation "r${i}" on run state failed -> ${i % 2 ? 'slack s' : 'webhook w'}`,
      ),
      'webhook w = "h"',
      'slack s = "#c"',
    ].join('\n');
    const result = compileStreaming([{ file: 'ok.wbrules', text: ok }], { ids }, { chunkTokens: 5 });
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(result.automations.map((a) => a.name)).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    expect(result.automations.map((a) => a.input.triggeredActionConfig)).toEqual(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? { notificationActionInput: { integrationID: 'S2', message: '', severity: 'INFO', title: '' } }
          : { genericWebhookActionInput: { integrationID: 'W2' } },
      ),
    );
  });
});
