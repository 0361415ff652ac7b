// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as ast from '../ast.js';
import { equalIgnoringSpans, format, parse, stripSpans, tokenize } from '../index.js';
import { document } from './arbitraries.js';
import { commentTexts, exampleFiles, expectFormatProperties, fixture } from './harness.js';

/** Source lines joined with `\n` plus the final newline the formatter writes. */
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

describe('format: canonical layout', () => {
  const cases: { name: string; input: string; output: string }[] = [
    {
      name: 'the canonical example stays one line',
      input: 'on run metric "loss" changes by 10% within 5 -> webhook ci',
      output: lines('on run metric "loss" changes by 10% within 5 -> webhook ci'),
    },
    {
      name: 'spacing is normalised, declarations are not column-aligned',
      input: 'webhook   ci=  "github-dispatch"\nslack\talerts\n=\n"#ml-alerts"',
      output: lines('webhook ci = "github-dispatch"', 'slack alerts = "#ml-alerts"'),
    },
    {
      name: 'blank lines between groups of different kinds, around "in" and between rules',
      input:
        'webhook ci = "a" slack s = "#b" in project "acme/vision" on run state failed -> nothing on run state crashed -> nothing in team "t" webhook late = "x"',
      output: lines(
        'webhook ci = "a"',
        'slack s = "#b"',
        '',
        'in project "acme/vision"',
        '',
        'on run state failed -> nothing',
        '',
        'on run state crashed -> nothing',
        '',
        'in team "t"',
        '',
        'webhook late = "x"',
      ),
    },
    {
      name: 'extra blank lines collapse to the canonical ones',
      input: '\n\n\nwebhook a = "a"\n\n\n\nwebhook b = "b"\n\n\n',
      output: lines('webhook a = "a"', 'webhook b = "b"'),
    },
    {
      name: 'header clauses one per line in the order automation, description, disabled',
      input: 'disabled description "d" automation "a" on artifact linked -> nothing',
      output: lines('automation "a"', 'description "d"', 'disabled', 'on artifact linked', '  -> nothing'),
    },
    {
      name: 'a filter goes on its own indented line, the action after it',
      input: 'on run state failed where run.name == "x" -> nothing',
      output: lines('on run state failed', '  where run.name == "x"', '  -> nothing'),
    },
    {
      name: 'the rule scope stays on the event line',
      input: 'on alias "prod" added in collection "acme/vision/weights" -> webhook ci',
      output: lines('on alias "prod" added in collection "acme/vision/weights" -> webhook ci'),
    },
    {
      name: 'a one-line rule longer than 100 columns breaks before the arrow',
      input: `on run metric "${'x'.repeat(60)}" changes by 10% within 5 -> webhook ci`,
      output: lines(`on run metric "${'x'.repeat(60)}" changes by 10% within 5`, '  -> webhook ci'),
    },
    {
      name: 'an ARIA action keeps its prompt as written (raw or escaped) and breaks before the arrow when long',
      input: `on run state failed ->   aria   "Why \\"\${run_name}\\"?" on run state failed -> aria r"${'p'.repeat(90)}"`,
      output: lines(
        'on run state failed -> aria "Why \\"${run_name}\\"?"',
        '',
        'on run state failed',
        `  -> aria r"${'p'.repeat(90)}"`,
      ),
    },
    {
      name: 'exactly 100 columns still fits',
      input: `on run metric "${'x'.repeat(64)}" > 1 -> webhook abcd`,
      output: lines(`on run metric "${'x'.repeat(64)}" > 1 -> webhook abcd`),
    },
    {
      name: 'a webhook payload keeps the rule expanded and stays inline when it fits',
      input: 'on artifact linked -> webhook ci {"a":1,"b":[1,2],"c":{},"d":[]}',
      output: lines('on artifact linked', '  -> webhook ci { "a": 1, "b": [1, 2], "c": {}, "d": [] }'),
    },
    {
      name: 'an empty payload',
      input: 'on artifact linked -> webhook ci { }',
      output: lines('on artifact linked', '  -> webhook ci {}'),
    },
    {
      name: 'a wide payload has one member per line; nested values stay inline where they fit',
      input: `on artifact linked -> webhook ci { "event": "\${event_type}", "version": "\${artifact_version_string}", "n": [1, 2.5], "o": { "k": null } }`,
      output: lines(
        'on artifact linked',
        '  -> webhook ci {',
        '    "event": "${event_type}",',
        '    "version": "${artifact_version_string}",',
        '    "n": [1, 2.5],',
        '    "o": { "k": null }',
        '  }',
      ),
    },
    {
      name: 'nested values that do not fit expand too',
      input: `on artifact linked -> webhook ci { "a": [ "${'y'.repeat(50)}", "${'z'.repeat(50)}" ] }`,
      output: lines(
        'on artifact linked',
        '  -> webhook ci {',
        '    "a": [',
        `      "${'y'.repeat(50)}",`,
        `      "${'z'.repeat(50)}"`,
        '    ]',
        '  }',
      ),
    },
    {
      name: 'slack options in the order title, message, severity',
      input: 'on run state failed -> slack alerts severity warn message "M" title "T"',
      output: lines('on run state failed -> slack alerts title "T" message "M" severity warn'),
    },
    {
      name: 'a slack action too wide for its line puts one option per line',
      input: `automation "a" on run state failed -> slack alerts title "${'t'.repeat(40)}" message "${'m'.repeat(40)}"`,
      output: lines(
        'automation "a"',
        'on run state failed',
        '  -> slack alerts',
        `    title "${'t'.repeat(40)}"`,
        `    message "${'m'.repeat(40)}"`,
      ),
    },
    {
      name: 'a filter too wide for its line breaks before each top-level "or"',
      input: `on run state failed where run.name == "${'a'.repeat(40)}" or run.name == "${'b'.repeat(40)}" and tag exists -> nothing`,
      output: lines(
        'on run state failed',
        `  where run.name == "${'a'.repeat(40)}"`,
        `    or run.name == "${'b'.repeat(40)}" and tag exists`,
        '  -> nothing',
      ),
    },
    {
      name: 'strings keep their escapes and raw style; numbers keep their spelling',
      input:
        'on run metric "\\u00e9\\/x" changes by 1.10% within 5 -> webhook ci {"r": r"^exp-\\d+$", "f": 1.50, "e": 1E2, "n": -0}',
      output: lines(
        'on run metric "\\u00e9\\/x" changes by 1.10% within 5',
        '  -> webhook ci { "r": r"^exp-\\d+$", "f": 1.50, "e": 1E2, "n": -0 }',
      ),
    },
    {
      name: 'parentheses stay exactly where they were written',
      input: 'on alias added where ((alias == "a")) and not (tag == "b" or tag == "c") or (not tag exists) -> nothing',
      output: lines(
        'on alias added',
        '  where ((alias == "a")) and not (tag == "b" or tag == "c") or (not tag exists)',
        '  -> nothing',
      ),
    },
    {
      name: 'every event form',
      input: [
        'on run metric "m" avg over 5 < 0.8 -> nothing',
        'on run metric "m" max changes by 10% within 5 vs 10 -> nothing',
        'on run metric "m" abs zscore over 30 > 3 -> nothing',
        'on run metric "m" zscore < -3 -> nothing',
        'on run state finished,failed -> nothing',
        'on collection tag added -> nothing',
        'on tag "x" removed -> nothing',
      ].join(' '),
      output: lines(
        'on run metric "m" avg over 5 < 0.8 -> nothing',
        '',
        'on run metric "m" max changes by 10% within 5 vs 10 -> nothing',
        '',
        'on run metric "m" abs zscore over 30 > 3 -> nothing',
        '',
        'on run metric "m" zscore < -3 -> nothing',
        '',
        'on run state finished, failed -> nothing',
        '',
        'on collection tag added -> nothing',
        '',
        'on tag "x" removed -> nothing',
      ),
    },
    {
      name: 'CRLF line endings become LF',
      input: 'webhook ci = "a"\r\n\r\nin project "p/q"\r\n',
      output: lines('webhook ci = "a"', '', 'in project "p/q"'),
    },
    { name: 'an empty file stays empty', input: '', output: '' },
    { name: 'a blank file becomes empty', input: ' \n\t\n\n', output: '' },
  ];
  it.each(cases)('$name', ({ input, output }) => {
    expect(format(input)).toBe(output);
    expectFormatProperties(input);
  });

  it('returns text with a syntax error unchanged, byte for byte', () => {
    const broken = 'webhook   ci = "x"\r\non run metric "loss" -> webhook ci\n\n\n# keep me   ';
    expect(format(broken)).toBe(broken);
    expect(format('on run state failed -> webhook ci { "a": ${x} }')).toBe(
      'on run state failed -> webhook ci { "a": ${x} }',
    );
  });
});

describe('format: comments', () => {
  const cases: { name: string; input: string; output: string }[] = [
    {
      name: 'own-line and end-of-line comments around items',
      input: '# head\n\n# about ci\nwebhook ci = "a"   # trailing   \n// about alerts\nslack alerts = "#b"\n# tail',
      output: lines(
        '# head',
        '',
        '# about ci',
        'webhook ci = "a" # trailing',
        '// about alerts',
        'slack alerts = "#b"',
        '# tail',
      ),
    },
    {
      name: 'a blank line the author left around a comment between items is kept (one)',
      input: 'webhook a = "a"\n\n\n# section\n\n\nwebhook b = "b"\n\n# end',
      output: lines('webhook a = "a"', '', '# section', '', 'webhook b = "b"', '', '# end'),
    },
    {
      name: 'a comment before a rule stays directly above it, after the blank line',
      input: 'in project "p/q"\n# why this rule\non run state failed -> nothing # done',
      output: lines('in project "p/q"', '', '# why this rule', 'on run state failed -> nothing # done'),
    },
    {
      name: 'a comment inside a one-line event moves above the rule',
      input: 'on run metric # the metric\n "loss" > 1 -> nothing',
      output: lines('# the metric', 'on run metric "loss" > 1 -> nothing'),
    },
    {
      name: 'a comment after the event expands the rule and stays at the end of the event line',
      input: 'on run state failed # why\n -> nothing',
      output: lines('on run state failed # why', '  -> nothing'),
    },
    {
      name: 'a comment on its own line before the arrow takes the arrow line indentation',
      input: 'on run state failed\n# why\n -> nothing',
      output: lines('on run state failed', '  # why', '  -> nothing'),
    },
    {
      name: 'comments between header clauses stay between them',
      input: 'automation "a" # the name\n# then\ndescription "d"\non artifact linked -> nothing',
      output: lines('automation "a" # the name', '# then', 'description "d"', 'on artifact linked', '  -> nothing'),
    },
    {
      name: 'comments inside reordered header clauses move above the rule',
      input: 'description "d" # about d\nautomation "a"\non artifact linked -> nothing',
      output: lines('# about d', 'automation "a"', 'description "d"', 'on artifact linked', '  -> nothing'),
    },
    {
      name: 'comments between filter operands break the filter there',
      input:
        'on run state failed where run.name == "a" # first\n or run.name == "b"\n // last\n or tag exists -> nothing',
      output: lines(
        'on run state failed',
        '  where run.name == "a" # first',
        '    or run.name == "b"',
        '    // last',
        '    or tag exists',
        '  -> nothing',
      ),
    },
    {
      name: 'a comment inside the first operand moves above the where line',
      input: 'on run state failed where run.name # which field\n == "a" -> nothing',
      output: lines('on run state failed', '  # which field', '  where run.name == "a"', '  -> nothing'),
    },
    {
      name: 'comments between slack options put one option per line',
      input: 'on run state failed -> slack alerts title "T" # loud\n severity error',
      output: lines('on run state failed', '  -> slack alerts', '    title "T" # loud', '    severity error'),
    },
    {
      name: 'comments among reordered slack options move above the options',
      input: 'on run state failed -> slack alerts severity error # loud\n title "T"',
      output: lines('on run state failed', '  -> slack alerts', '    # loud', '    title "T"', '    severity error'),
    },
    {
      name: 'comments in a payload expand it; each keeps its place between members',
      input:
        'on artifact linked -> webhook ci { # open\n "a": 1, # one\n // before b\n "b": [1, # inside\n 2]\n # before close\n }',
      output: lines(
        'on artifact linked',
        '  -> webhook ci { # open',
        '    "a": 1,       # one',
        '    // before b',
        '    "b": [',
        '      1, # inside',
        '      2',
        '    ]',
        '    # before close',
        '  }',
      ),
    },
    {
      name: 'a comment in an empty payload',
      input: 'on artifact linked -> webhook ci {\n# nothing yet\n}',
      output: lines('on artifact linked', '  -> webhook ci {', '    # nothing yet', '  }'),
    },
    {
      name: 'an end-of-line comment after an arrow stays at the end of the line before',
      input: 'on run state failed -> # notify\n webhook ci',
      output: lines('on run state failed # notify', '  -> webhook ci'),
    },
    {
      name: 'comments only',
      input: '# one\n\n\n// two\n# three   ',
      output: lines('# one', '', '// two', '# three'),
    },
  ];
  it.each(cases)('$name', ({ input, output }) => {
    expect(format(input)).toBe(output);
    expectFormatProperties(input);
  });
});

describe('format: aligned end-of-line comments', () => {
  // A run is consecutive output lines that each end in a comment; its comments
  // start one space after the widest code of the run.
  const cases: { name: string; input: string; output: string }[] = [
    {
      name: 'the two-line block of the language reference comes out aligned',
      input: lines(
        'webhook ci = "github-dispatch"            # a W&B webhook integration, by name',
        'slack alerts = "#ml-alerts"               # a W&B Slack integration, by channel',
      ),
      output: lines(
        'webhook ci = "github-dispatch" # a W&B webhook integration, by name',
        'slack alerts = "#ml-alerts"    # a W&B Slack integration, by channel',
      ),
    },
    {
      name: 'a run aligns to its longest code line, wherever that line is',
      input: 'webhook a = "a" # one\nwebhook longer = "ops-team/pagerduty" # two\nslack s = "#s"   # three',
      output: lines(
        'webhook a = "a"                       # one',
        'webhook longer = "ops-team/pagerduty" # two',
        'slack s = "#s"                        # three',
      ),
    },
    {
      name: 'a blank line starts a new run',
      input: 'webhook ci = "github-dispatch" # one\nslack s = "#s" # two\n\nin project "acme/vision" # three',
      output: lines(
        'webhook ci = "github-dispatch" # one',
        'slack s = "#s"                 # two',
        '',
        'in project "acme/vision" # three',
      ),
    },
    {
      name: 'a line without an end-of-line comment ends the run, and so does a comment on its own line',
      input: lines(
        'webhook ci = "github-dispatch" # one',
        'slack s = "#s" # two',
        'webhook quiet = "q"',
        'webhook a = "a" # three',
        'webhook bb = "b" # four',
        '# own line',
        'webhook ccc = "c" # five',
      ),
      output: lines(
        'webhook ci = "github-dispatch" # one',
        'slack s = "#s"                 # two',
        'webhook quiet = "q"',
        'webhook a = "a"  # three',
        'webhook bb = "b" # four',
        '# own line',
        'webhook ccc = "c" # five',
      ),
    },
    {
      name: 'a lone end-of-line comment keeps a single space',
      input: 'webhook ci = "a"          # alone\n',
      output: lines('webhook ci = "a" # alone'),
    },
    {
      name: 'the lines of a broken rule align across indentation',
      input: 'on run state failed # when\n where run.name == "a" # first\n or tag exists # second\n -> nothing',
      output: lines(
        'on run state failed     # when',
        '  where run.name == "a" # first',
        '    or tag exists       # second',
        '  -> nothing',
      ),
    },
    {
      name: 'the members of an expanded payload align, widths counted in code points (𝛼 is two UTF-16 units, one column)',
      input: 'on artifact linked -> webhook ci {\n "a": 1, # one\n "𝛼𝛼": "𝛽𝛽", # two\n "b": [1, 2] # three\n}',
      output: lines(
        'on artifact linked',
        '  -> webhook ci {',
        '    "a": 1,     # one',
        '    "𝛼𝛼": "𝛽𝛽", # two',
        '    "b": [1, 2] # three',
        '  }',
      ),
    },
  ];
  it.each(cases)('$name', ({ input, output }) => {
    expect(format(input)).toBe(output);
    expect(format(output)).toBe(output);
    expectFormatProperties(input);
  });

  it('formats its own output to the same text, however the source spaced the comments', () => {
    const spacings = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(spacings, (gaps) => {
        const code = ['webhook ci = "github-dispatch"', 'slack s = "#s"', 'webhook a = "a"', 'in project "p/q"'];
        const source = code.map((c, i) => `${c}${' '.repeat(gaps[i] as number)}# c${i}`).join('\n');
        const out = expectFormatProperties(source);
        expect(out).toBe(
          lines(
            'webhook ci = "github-dispatch" # c0',
            'slack s = "#s"                 # c1',
            'webhook a = "a"                # c2',
            '',
            'in project "p/q" # c3',
          ),
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe('format: Documents', () => {
  const span = { start: 0, end: 0 };
  const str = (value: string): ast.StringLiteral => ({
    kind: 'StringLiteral',
    value,
    raw: JSON.stringify(value),
    style: 'json',
    span,
  });
  const eq = (path: string, value: string): ast.ComparisonExpression => ({
    kind: 'ComparisonExpression',
    field: { kind: 'FieldRef', path, span },
    comparator: { kind: 'Comparator', op: '==', span },
    value: str(value),
    span,
  });
  const ruleWith = (filter: ast.Expression): ast.Document => ({
    kind: 'Document',
    comments: [],
    span,
    items: [
      {
        kind: 'Rule',
        name: undefined,
        description: undefined,
        disabled: undefined,
        event: { kind: 'AliasEvent', alias: undefined, span },
        scope: undefined,
        filter,
        action: { kind: 'NothingAction', span },
        span,
      },
    ],
  });

  it('adds the parentheses a hand-built tree needs to keep its meaning', () => {
    const or: ast.OrExpression = { kind: 'OrExpression', operands: [eq('alias', 'a'), eq('tag', 'b')], span };
    const and: ast.AndExpression = { kind: 'AndExpression', operands: [or, eq('tag', 'c')], span };
    const not: ast.NotExpression = { kind: 'NotExpression', operand: and, span };
    const nestedOr: ast.OrExpression = { kind: 'OrExpression', operands: [or, not], span };
    const text = format(ruleWith(nestedOr));
    expect(text).toBe(
      lines(
        'on alias added',
        '  where (alias == "a" or tag == "b") or not ((alias == "a" or tag == "b") and tag == "c")',
        '  -> nothing',
      ),
    );
    expect(parse(text).diagnostics).toEqual([]);
  });

  it('prints a parsed Document with every comment on its own line when the source is not given', () => {
    const text = 'webhook ci = "a" # ci\non run state failed -> webhook ci # go';
    const { ast: doc } = parse(text);
    expect(format(doc)).toBe(lines('webhook ci = "a"', '', '# ci', 'on run state failed -> webhook ci', '# go'));
    expect(format(doc, { source: text })).toBe(format(text));
  });

  it('places the comments given in the options instead of the document ones', () => {
    const { ast: doc } = parse('webhook ci = "a"\n# old\nwebhook b = "b"');
    const comments: ast.Comment[] = [{ kind: 'Comment', text: '# new', span: { start: 0, end: 0 } }];
    expect(format(doc, { comments })).toBe(lines('# new', 'webhook ci = "a"', 'webhook b = "b"'));
  });
});

describe('format: fixtures and examples', () => {
  it('pins the canonical form of the kitchen sink', () => {
    const golden = fixture('kitchen-sink.formatted.wbrules');
    expect(format(fixture('kitchen-sink.wbrules'))).toBe(golden);
    expect(format(golden)).toBe(golden);
  });

  const files = exampleFiles();
  it('finds the example corpus', () => {
    expect(files.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'packages/dsl/src/__tests__/fixtures/kitchen-sink.wbrules',
        'examples/kitchen-sink.wbrules',
      ]),
    );
  });
  it.each(files)('$name: idempotent, same AST, every comment kept', ({ text }) => {
    expectFormatProperties(text);
  });
});

describe('format: properties over generated documents', () => {
  it('prints every generated AST so that it parses back to the same AST, idempotently', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const text = format(doc);
        const back = parse(text);
        expect(back.diagnostics).toEqual([]);
        if (!equalIgnoringSpans(doc, back.ast)) expect(stripSpans(back.ast)).toEqual(stripSpans(doc));
        expect(format(text)).toBe(text);
        expect(format(back.ast, { source: text })).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  /** Comments and blank lines inserted at token boundaries of a printed document: never a change of meaning. */
  const decorated = document.chain((doc) => {
    const text = format(doc);
    const boundaries = [0, ...tokenize(text).tokens.map((t) => t.startOffset + t.image.length)];
    const insertion = fc.tuple(
      fc.constantFrom(...boundaries),
      fc.constantFrom(' # c\n', '\n# c\n', '\n\n// c  \n', '\n# c\n\n', '\n\n', ' // c\n\n'),
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => s.replace(/[\r\n\u2028\u2029]/g, '')),
    );
    return fc.tuple(fc.constant(doc), fc.constant(text), fc.array(insertion, { maxLength: 8 }));
  });

  it('keeps every inserted comment, in order, and stays idempotent', () => {
    fc.assert(
      fc.property(decorated, ([doc, text, insertions]) => {
        let source = text;
        const sorted = [...insertions].sort((a, b) => b[0] - a[0]);
        sorted.forEach(([at, shape, words], i) => {
          source = source.slice(0, at) + shape.replace('c', `c${i} ${words}`) + source.slice(at);
        });
        const out = expectFormatProperties(source);
        expect(equalIgnoringSpans(parse(out).ast, doc)).toBe(true);
        expect(commentTexts(out)).toHaveLength(sorted.filter(([, shape]) => shape.includes('c')).length);
      }),
      { numRuns: 300 },
    );
  });
});
