import { compileDocument } from '@wbrules/compiler';
import { describe, expect, it } from 'vitest';
import { codeActions } from '../code-actions.js';
import { completion } from '../completion.js';
import { analyzeText } from '../document-analysis.js';
import { hover } from '../hover.js';
import { toPosition } from '../positions.js';

/** The handlers in-process, table-driven: `|` marks the cursor. */

function at(source: string) {
  const offset = source.indexOf('|');
  const analysis = analyzeText('file:///t.wbrules', source.replace('|', ''));
  return { analysis, position: toPosition(analysis.lines, offset) };
}

const labels = (source: string) => {
  const { analysis, position } = at(source);
  return completion(analysis, position).map((i) => i.label);
};

describe('completion', () => {
  it.each([
    ['item starts', '|', ['webhook', 'slack', 'in', 'automation', 'description', 'disabled', 'on']],
    ['scope kinds after "in"', 'in |', ['project', 'registry', 'collection', 'team', 'org']],
    ['run events', 'on run |', ['metric', 'state']],
    [
      'aggregations and the metric forms',
      'on run metric "x" |',
      ['abs', 'zscore', 'avg', 'mean', 'min', 'max', 'changes', 'increases', 'decreases'],
    ],
    [
      'a partial word is replaced, not completed after',
      'on run metric "x" av|',
      ['abs', 'zscore', 'avg', 'mean', 'min', 'max', 'changes', 'increases', 'decreases'],
    ],
    ['run states', 'on run state |', ['running', 'finished', 'failed', 'crashed']],
    ['more run states after a comma', 'on run state failed, |', ['running', 'finished', 'failed', 'crashed']],
    ['the action words', 'in team "t"\non artifact linked -> |', ['webhook', 'slack', 'nothing', 'aria']],
    ['"aria" as a partial action word', 'on run state failed -> ar|', ['webhook', 'slack', 'nothing', 'aria']],
    ['filter fields of a run event', 'on run state failed where |', ['not', 'run.name']],
    ['filter fields of an artifact event', 'on artifact linked where |', ['not', 'alias', 'tag']],
    ['a field path after the dot', 'on run state failed where run.|', ['name']],
    ['only webhooks after "-> webhook"', 'webhook ci = "c"\nslack s = "#s"\non run state failed -> webhook |', ['ci']],
    [
      'an integration named "aria" after "-> webhook"',
      'webhook aria = "x"\nin project "e/p"\non run state failed -> webhook |',
      ['aria'],
    ],
    [
      'an integration named "aria", partly typed',
      'webhook aria = "x"\nin project "e/p"\non run state failed -> webhook ar|',
      ['aria'],
    ],
    ['nothing inside a comment', '# on |', []],
    ['nothing inside a plain string', 'in project "ac|', []],
    [
      'template variables of a run-state rule',
      'webhook ci = "c"\non run state failed -> webhook ci { "t": "${|" }',
      ['automation_name', 'event_type', 'event_author', 'entity_name', 'project_name', 'run_name', 'run_status'],
    ],
    [
      'template variables in an ARIA prompt',
      'on run state failed -> aria "Explain why ${|',
      ['automation_name', 'event_type', 'event_author', 'entity_name', 'project_name', 'run_name', 'run_status'],
    ],
    [
      'template variables of an artifact event in an ARIA prompt, with the metadata form',
      'on alias added -> aria "Review ${artifact_v|',
      [
        'automation_name',
        'event_type',
        'event_author',
        'entity_name',
        'project_name',
        'artifact_collection_name',
        'artifact_version',
        'artifact_version_string',
        'artifact_version_index',
        'alias',
        'artifact_metadata.KEY',
      ],
    ],
    [
      'no template variables in a string after "-> aria" that is not its prompt',
      'on run state failed -> aria "a" "${|',
      [],
    ],
    ['no template variables in a scope string', 'in project "${|', []],
  ])('%s', (_name, source, expected) => {
    expect(labels(source)).toEqual(expected);
  });

  it('replaces the partial variable name in an ARIA prompt and closes the brace', () => {
    const { analysis, position } = at('on run state failed -> aria "Why ${run_n|"');
    const runName = completion(analysis, position).find((i) => i.label === 'run_name');
    expect(runName?.textEdit).toEqual({
      range: { start: { line: 0, character: 35 }, end: { line: 0, character: 40 } },
      newText: 'run_name}',
    });
  });

  it('keeps completing after a broken rule earlier in the stretch', () => {
    expect(labels('on run metric "x" > -> nothing\non run |')).toEqual(['metric', 'state']);
  });
});

describe('analysis', () => {
  it('reports what compileDocument reports: parse, resolution, checks and duplicate names', () => {
    const text = [
      'webhook ci = "hook"',
      'webhook unused = "x/y/z"',
      'in project "acme/vision"',
      'automation "same"',
      'on run state failed -> webhook ci',
      'automation "same"',
      'on run metric "m" zscore < 3 -> webhook cj',
      'on run metric "n" > -> nothing',
    ].join('\n');
    const { analysis } = at(`${text}|`);
    // No WR3025 for `unused`: with a syntax error in the file, the broken rule might have used it.
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['WR2005', 'WR2002', 'WR3008', 'WR3019', 'WR1101']);
    expect(analysis.diagnostics).toEqual(compileDocument({ file: analysis.uri, text }).diagnostics);
  });
});

describe('code actions', () => {
  it('offers both fixes for a "<" z-score with a positive threshold', () => {
    const { analysis } = at('in project "a/b"\nautomation "z"\non run metric "loss" zscore over 30 < 3 -> nothing|');
    const actions = codeActions(analysis, { start: { line: 2, character: 0 }, end: { line: 2, character: 50 } });
    expect(actions.map((a) => [a.title, a.edit?.changes?.['file:///t.wbrules']])).toEqual([
      [
        'Write "> 3"',
        [{ range: { start: { line: 2, character: 36 }, end: { line: 2, character: 37 } }, newText: '>' }],
      ],
      [
        'Write "< -3"',
        [{ range: { start: { line: 2, character: 38 }, end: { line: 2, character: 39 } }, newText: '-3' }],
      ],
    ]);
    expect(actions.every((a) => a.diagnostics?.[0]?.code === 'WR3008' && a.isPreferred === false)).toBe(true);
  });

  it('names an unnamed rule with its derived name, on the WR2001 info (as fmt --name-rules does)', () => {
    const text = 'in project "a/b"\n\n# loss alert\non run metric "loss" > 2 -> nothing\n';
    const analysis = analyzeText('file:///t.wbrules', text);
    const actions = codeActions(analysis, { start: { line: 3, character: 3 }, end: { line: 3, character: 3 } });
    const action = actions.find((a) => a.diagnostics?.[0]?.code === 'WR2001');
    expect(action?.diagnostics?.[0]?.message).toMatch(/^this rule's automation is named "loss-gt-2-nothing"/);
    expect(action?.isPreferred).toBe(true);
    const edits = action?.edit?.changes?.['file:///t.wbrules'];
    expect(edits).toEqual([
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: 'automation "loss-gt-2-nothing"\n',
      },
    ]);
    // The edited rule has the same name and compiles to the same input, and the info is gone.
    const edited = text.replace('on run', `${edits?.[0]?.newText}on run`);
    const before = compileDocument({ file: 't.wbrules', text });
    const after = compileDocument({ file: 't.wbrules', text: edited });
    expect(after.automations.map((a) => [a.name, a.derivedName, a.input])).toEqual(
      before.automations.map((a) => [a.name, false, a.input]),
    );
    expect(after.diagnostics.map((d) => d.code)).not.toContain('WR2001');
  });

  it("escapes a bad backslash at the right place (the lexer's fix spans are absolute)", () => {
    const { analysis } = at('in project "a/b"\non run metric "a\\d" > 1 -> nothing|');
    const actions = codeActions(analysis, { start: { line: 1, character: 0 }, end: { line: 1, character: 40 } });
    const action = actions.find((a) => a.diagnostics?.[0]?.code === 'WR1003');
    expect(action?.title).toBe('Escape the backslash');
    expect(action?.edit?.changes?.['file:///t.wbrules']).toEqual([
      { range: { start: { line: 1, character: 16 }, end: { line: 1, character: 17 } }, newText: '\\\\' },
    ]);
  });
});

function markdown(result: ReturnType<typeof hover>): string {
  const contents = result?.contents;
  return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
}

describe('hover', () => {
  it('marks the z-score window and the Slack severity as defaults', () => {
    const { analysis, position } = at(
      'slack s = "#a"\nin project "a/b"\nautomation "z"\non run metric "lr" zsc|ore > 3.0 -> slack s',
    );
    const value = markdown(hover(analysis, position));
    expect(value).toContain('  - window_size `30` (default)');
    expect(value).toContain('  - threshold `3.0`\n');
    expect(value).toContain('  - severity `INFO` (default)');
  });

  it('explains the ARIA action on "aria", over the word alone', () => {
    const { analysis, position } = at('in project "a/b"\non run state failed -> ar|ia "Explain ${run_name}"');
    const result = hover(analysis, position);
    expect(result?.range).toEqual({ start: { line: 1, character: 23 }, end: { line: 1, character: 27 } });
    const value = markdown(result);
    expect(value).toContain('W&B sends the prompt to its research agent ARIA');
    expect(value).toContain('at most 4,000 characters');
    expect(value).toContain('`${name}` template variables work as in webhook payloads');
    expect(value).toContain('ARIA has no secrets');
  });

  it('shows the prompt an ARIA rule sends, on the rest of the rule', () => {
    const { analysis, position } = at('in project "a/b"\non run state failed -> aria "Explain ${run_name}"|');
    const value = markdown(hover(analysis, position));
    expect(value).toContain('- **action** `ARIA`\n  - prompt "Explain ${run_name}"\n');
  });

  it('treats an integration named "aria" as the integration, in its declaration and in an action', () => {
    const text = 'webhook aria = "x"\nin project "e/p"\non run state failed -> webhook aria';
    for (const cursor of [text.replace('webhook aria =', 'webhook ar|ia ='), `${text}|`]) {
      const { analysis, position } = at(cursor);
      const result = hover(analysis, position);
      expect(markdown(result)).toContain('Generic webhook integration "x"');
      expect(markdown(result)).not.toContain('research agent');
    }
  });

  it('says a rule with errors is not compiled', () => {
    const { analysis, position } = at('on run state fai|led -> nothing');
    const value = markdown(hover(analysis, position));
    expect(value).toContain('- **scope** none');
    expect(value).toContain('_Not compiled: this rule has errors._');
  });
});
