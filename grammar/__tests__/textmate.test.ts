import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { IGrammar } from 'vscode-textmate';
import { beforeAll, describe, expect, it } from 'vitest';
import { keywordNames, parse, tokenize } from '../../packages/dsl/src/index.js';
import { kitchenSink } from './kitchen-sink.js';

// The TextMate grammar is run through the engine VS Code uses (vscode-textmate
// on the Oniguruma regex engine), never a look-alike, and checked two ways:
// exact scopes at chosen places, and agreement with the real lexer on what
// kind of token every character belongs to.

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = require('vscode-oniguruma') as typeof import('vscode-oniguruma');

const root = fileURLToPath(new URL('../../', import.meta.url));
const grammarPath = join(root, 'grammar/wbrules.tmLanguage.json');

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.wbrules' ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('source.wbrules');
  if (loaded === null) throw new Error('the grammar did not load');
  grammar = loaded;
});

/** A TextMate token with offsets into the whole text. */
interface TmToken {
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

function tmTokenize(text: string): TmToken[] {
  const out: TmToken[] = [];
  let state = vsctm.INITIAL;
  let offset = 0;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) out.push({ start: offset + t.startIndex, end: offset + end, scopes: t.scopes });
    }
    state = result.ruleStack;
    offset += line.length + 1;
  }
  return out;
}

/** The scopes of every TextMate token overlapping `[start, end)`. */
function scopesOver(tokens: readonly TmToken[], start: number, end: number): (readonly string[])[] {
  return tokens.filter((t) => t.start < end && t.end > start).map((t) => t.scopes);
}

/** Where `needle` first occurs after each anchor in turn (anchors narrow the search, like "after ... after ..."). */
function find(text: string, needle: string, ...anchors: string[]): number {
  let at = 0;
  for (const anchor of anchors) {
    at = text.indexOf(anchor, at);
    if (at < 0) throw new Error(`"${anchor}" is not in the text`);
  }
  at = text.indexOf(needle, at);
  if (at < 0) throw new Error(`"${needle}" is not in the text after ${anchors.join(', ')}`);
  return at;
}

/** Kinds of token, as an editor shows them; how a scope stack maps to one. */
type Kind = 'comment' | 'string' | 'number' | 'operator' | 'keyword' | 'name' | 'punctuation' | 'invalid' | 'none';

function kindOf(scopes: readonly string[]): Kind {
  const has = (prefix: string) => scopes.some((s) => s.startsWith(prefix));
  if (has('comment.')) return 'comment';
  if (has('string.')) return 'string';
  if (has('invalid.')) return 'invalid';
  if (has('constant.numeric.') || has('keyword.other.unit.')) return 'number';
  if (has('keyword.operator.')) return 'operator';
  if (has('keyword.') || has('storage.type.') || has('constant.language.')) return 'keyword';
  if (has('variable.') || has('entity.name.')) return 'name';
  if (has('punctuation.')) return 'punctuation';
  return 'none';
}

/** A token of the real lexer. */
type LexToken = ReturnType<typeof tokenize>['tokens'][number];

const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const punctuation = new Set(['Comma', 'Dot', 'Colon', 'LParen', 'RParen', 'LBracket', 'RBracket', 'LBrace', 'RBrace']);
const operators = new Set([
  'Arrow',
  'GreaterEqual',
  'LessEqual',
  'EqualEqual',
  'NotEqual',
  'Greater',
  'Less',
  'Equals',
]);
/** Names the compiler checks after `state` / `severity`; the grammar shows them as constants there. */
const constantsAfter: Record<string, ReadonlySet<string>> = {
  Kw_state: new Set(['running', 'finished', 'failed', 'crashed']),
  Kw_severity: new Set(['info', 'warn', 'error']),
};

/**
 * The kind the real lexer gives each token, with the three contexts the
 * highlighter knows: words after `.` are field names, run states and
 * severities after their keyword are constants, and `aria` is a keyword
 * right after `->` (comments between) and a name elsewhere.
 */
function lexedKinds(text: string): { start: number; end: number; image: string; kind: Kind }[] {
  const lexed = tokenize(text);
  const out: { start: number; end: number; image: string; kind: Kind }[] = [];
  let constants: ReadonlySet<string> | undefined;
  let previous: LexToken | undefined;
  for (const token of lexed.tokens) {
    const type = token.tokenType.name;
    const start = token.startOffset;
    const afterDot = previous?.tokenType.name === 'Dot' && /^[ \t]*$/.test(text.slice(previous.startOffset + 1, start));
    let kind: Kind;
    if (type === 'String' || type === 'RawString' || type.startsWith('Unterminated')) kind = 'string';
    else if (type === 'Number') kind = jsonNumber.test(token.image) ? 'number' : 'invalid';
    else if (type === 'Percent') kind = 'number';
    else if (type === 'TemplateOutsideString') kind = 'invalid';
    else if (operators.has(type)) kind = 'operator';
    else if (punctuation.has(type)) kind = 'punctuation';
    else if (afterDot) kind = 'name';
    else if (type.startsWith('Kw_')) kind = 'keyword';
    else if (type === 'Identifier') kind = constants?.has(token.image) ? 'keyword' : 'name';
    // A contextual word: the action word right after "->", a name anywhere else.
    else if (type === 'AriaWord') kind = previous?.tokenType.name === 'Arrow' ? 'keyword' : 'name';
    else throw new Error(`unexpected token type ${type}`);
    const stillInList = type === 'Comma' || (type === 'Identifier' && constants?.has(token.image) === true);
    if (!stillInList) constants = afterDot ? undefined : constantsAfter[type];
    out.push({ start, end: start + token.image.length, image: token.image, kind });
    previous = token;
  }
  for (const c of lexed.comments) out.push({ start: c.span.start, end: c.span.end, image: c.text, kind: 'comment' });
  return out;
}

/** Every place where the highlighter and the lexer disagree about a token's kind. */
function disagreements(text: string): string[] {
  const tm = tmTokenize(text);
  const problems: string[] = [];
  for (const token of lexedKinds(text)) {
    const kinds = new Set(scopesOver(tm, token.start, token.end).map(kindOf));
    if (kinds.size !== 1 || !kinds.has(token.kind)) {
      problems.push(
        `${JSON.stringify(token.image)} at ${token.start}: lexer says ${token.kind}, highlighter says ${[...kinds].join('+') || 'nothing'}`,
      );
    }
  }
  return problems;
}

describe('the kitchen sink', () => {
  let tm: TmToken[];
  beforeAll(() => {
    tm = tmTokenize(kitchenSink);
  });

  /** Every TextMate token over `needle` (first found after the anchors) carries `scope`. */
  function expectScope(needle: string, scope: string, ...anchors: string[]): void {
    const at = find(kitchenSink, needle, ...anchors);
    const stacks = scopesOver(tm, at, at + needle.length);
    expect(stacks.length, `${needle} at ${at}`).toBeGreaterThan(0);
    for (const stack of stacks) expect(stack, `${needle} at ${at}`).toContain(scope);
  }

  function expectNoScope(needle: string, prefix: string, ...anchors: string[]): void {
    const at = find(kitchenSink, needle, ...anchors);
    for (const stack of scopesOver(tm, at, at + needle.length)) {
      expect(
        stack.filter((s) => s.startsWith(prefix)),
        `${needle} at ${at}`,
      ).toEqual([]);
    }
  }

  it('parses without a syntax error, so it exercises the real language', () => {
    expect(parse(kitchenSink).diagnostics.filter((d) => d.code.startsWith('WR1'))).toEqual([
      expect.objectContaining({ code: 'WR1003' }), // the deliberate "\d" in a JSON string
    ]);
  });

  it('gives every token the root scope', () => {
    expect(tm[0]?.scopes[0]).toBe('source.wbrules');
  });

  it.each([
    ['on', 'keyword.control.wbrules', '\non run'],
    ['where', 'keyword.control.wbrules', '  where'],
    ['and', 'keyword.control.wbrules', ' and '],
    ['or', 'keyword.control.wbrules', ' or '],
    ['not', 'keyword.control.wbrules', ' not '],
    ['matches', 'keyword.control.wbrules', ' matches '],
    ['contains', 'keyword.control.wbrules', ' contains '],
    ['exists', 'keyword.control.wbrules', ' exists'],
    ['project', 'keyword.other.wbrules', 'in project'],
    ['metric', 'keyword.other.wbrules', 'run metric'],
    ['zscore', 'keyword.other.wbrules', ' zscore '],
    ['automation', 'keyword.other.wbrules', '\nautomation '],
    ['nothing', 'keyword.other.wbrules', '-> nothing'],
    ['title', 'keyword.other.wbrules', ' title '],
  ])('highlights the keyword %s as %s', (word, scope, anchor) => {
    expectScope(word, scope, anchor);
  });

  it('highlights "in" as a keyword as a default scope, a rule scope and the membership operator', () => {
    expectScope('in', 'keyword.control.wbrules', '\nin project');
    expectScope('in', 'keyword.control.wbrules', 'created in collection');
    expectScope('in', 'keyword.control.wbrules', 'run.name in [');
  });

  it('marks integration declarations as storage types, and the same words in actions as keywords', () => {
    expectScope('webhook', 'storage.type.wbrules');
    expectScope('slack', 'storage.type.wbrules');
    expectScope('webhook', 'storage.type.wbrules', 'webhook info');
    expectScope('webhook', 'keyword.other.wbrules', '-> webhook ci');
    expectScope('slack', 'keyword.other.wbrules', '-> slack alerts');
    expectScope('ci', 'variable.other.wbrules', '-> webhook ci');
  });

  it('highlights "aria" as the action word after "->", even past a comment and a line break, and as a name elsewhere', () => {
    expectScope('aria', 'keyword.other.wbrules', 'state failed -> ');
    expectScope('aria', 'keyword.other.wbrules', '# a comment may stand before the action');
    expectScope('webhook', 'storage.type.wbrules', '\nwebhook aria');
    expectScope('aria', 'variable.other.wbrules', 'webhook aria');
    expectScope('aria', 'variable.other.wbrules', '-> webhook aria');
    expectScope('# a comment may stand before the action', 'comment.line.number-sign.wbrules');
  });

  it('scopes an ARIA prompt as a string with its template variables, as in webhook payloads', () => {
    expectScope('"Explain why ${run_name} failed in ${project_name}"', 'string.quoted.double.wbrules');
    expectScope('${run_name}', 'variable.other.template.wbrules', '-> aria "Explain');
    expectScope('${project_name}', 'variable.other.template.wbrules', '-> aria "Explain');
    expectScope('\\"', 'constant.character.escape.wbrules', 'aria "Look into');
    expectScope('${metric_name}', 'variable.other.template.wbrules', 'aria "Look into');
  });

  it('shows true, false and null as language constants', () => {
    expectScope('true', 'constant.language.wbrules');
    expectScope('false', 'constant.language.wbrules');
    expectScope('null', 'constant.language.wbrules');
  });

  it('shows run states after "state" and severities after "severity" as constants, and the same words elsewhere as names', () => {
    expectScope('finished', 'constant.language.wbrules');
    expectScope('failed', 'constant.language.wbrules');
    expectScope('crashed', 'constant.language.wbrules');
    expectScope('running', 'constant.language.wbrules');
    expectScope(',', 'punctuation.separator.comma.wbrules', 'state failed');
    expectScope('warn', 'constant.language.wbrules');
    expectScope('error', 'constant.language.wbrules');
    expectScope('info', 'constant.language.wbrules', 'severity info');
    expectScope('info', 'variable.other.wbrules', 'webhook info');
    expectScope('info', 'variable.other.wbrules', '-> webhook info');
    expectScope('state', 'keyword.other.wbrules', 'run state');
    expectScope('severity', 'keyword.other.wbrules', 'alerts severity');
  });

  it('scopes double-quoted strings, their escapes and template variables', () => {
    expectScope('"loss"', 'string.quoted.double.wbrules');
    expectScope('"', 'punctuation.definition.string.begin.wbrules', 'metric "loss"');
    expectScope('\\"', 'constant.character.escape.wbrules');
    expectScope('\\n', 'constant.character.escape.wbrules');
    expectScope('\\t', 'constant.character.escape.wbrules');
    expectScope('\\u00e9', 'constant.character.escape.wbrules');
    expectScope('\\d', 'invalid.illegal.unrecognized-escape.wbrules', 'tab\\there');
    expectScope(`\${event_type}`, 'variable.other.template.wbrules');
    expectScope(`\${event_type}`, 'string.quoted.double.wbrules');
    expectScope(`\${artifact_version_string}`, 'variable.other.template.wbrules');
    expectScope(`\${ACCESS_TOKEN}`, 'variable.other.template.wbrules');
  });

  it('scopes raw strings, whose backslashes are not escapes', () => {
    expectScope('r"^exp-\\d+$"', 'string.quoted.raw.wbrules');
    expectNoScope('\\d', 'constant.character.escape', 'r"^exp');
    expectNoScope('\\d', 'invalid.', 'r"^exp');
  });

  it('scopes numbers in every form, with the percent sign and the minus sign', () => {
    for (const n of [' 0.5 ', ' 3 ', ' 120.0 ', ' 1e-7 ', ' 1.50,', ' 1E2,', ' 85 ']) {
      expectScope(n.trim().replace(',', ''), 'constant.numeric.wbrules', n);
    }
    expectScope('10%', 'constant.numeric.wbrules');
    expectScope('%', 'keyword.other.unit.percentage.wbrules', '10%');
    expectScope('1.1%', 'constant.numeric.wbrules');
    expectScope('-0.25', 'constant.numeric.wbrules');
    const at = find(kitchenSink, '-0.25');
    expect(tm.find((t) => t.start === at)?.end).toBe(at + 5); // one token, the "-" included
    expectScope('-3', 'constant.numeric.wbrules', '"count": ');
  });

  it('always reads "->" as the arrow, even right after or before a number', () => {
    expectScope('->', 'keyword.operator.arrow.wbrules', '< -3');
    expectNoScope('->', 'constant.numeric', '< -3');
    expectScope('-3', 'constant.numeric.wbrules', 'over 10 <');
    expectScope('nothing', 'keyword.other.wbrules', '-3->');
    const arrows = [...kitchenSink.matchAll(/->/g)].map((m) => m.index);
    for (const at of arrows) {
      expect(scopesOver(tm, at, at + 2)).toEqual([['source.wbrules', 'keyword.operator.arrow.wbrules']]);
    }
  });

  it.each(['==', '!=', '>=', '<=', '>', '<'])('scopes %s as a comparison operator, on metrics and in filters', (op) => {
    expectScope(op, 'keyword.operator.comparison.wbrules', ` ${op} `);
    expectScope(op, 'keyword.operator.comparison.wbrules', 'where', ` ${op} `);
  });

  it('scopes "=" in a declaration as assignment', () => {
    expectScope('=', 'keyword.operator.assignment.wbrules');
  });

  it('scopes both comment styles, and never a "#" or "//" inside a string', () => {
    expectScope('# Integrations', 'comment.line.number-sign.wbrules');
    expectScope('# GenericWebhookIntegration.name', 'comment.line.number-sign.wbrules');
    expectScope('// SlackIntegration.channelName', 'comment.line.double-slash.wbrules');
    expectScope('# comments may sit between payload tokens', 'comment.line.number-sign.wbrules');
    expectScope('"#ml-alerts"', 'string.quoted.double.wbrules');
    expectNoScope('#ml-alerts', 'comment.');
    expectNoScope('//example.com/#anchor', 'comment.');
    expectScope('"https://example.com/#anchor"', 'string.quoted.double.wbrules');
  });

  it('scopes field paths: the head as a keyword, the member after "." as a name', () => {
    expectScope('run', 'keyword.other.wbrules', 'where run.name');
    expectScope('.', 'punctuation.accessor.wbrules', 'where run');
    expectScope('name', 'variable.other.member.wbrules', 'where run.');
    expectScope('alias', 'keyword.other.wbrules', 'where alias');
    expectScope('tag', 'keyword.other.wbrules', 'where tag');
  });

  it('agrees with the real lexer on the kind of every token', () => {
    expect(disagreements(kitchenSink)).toEqual([]);
  });
});

describe('every reserved word', () => {
  const keywordish = /^(keyword\.(?!operator)|storage\.type\.|constant\.language\.)/;

  it.each([...keywordNames])('highlights "%s" as a keyword, alone and mid-line', (word) => {
    for (const [line, at] of [
      [word, 0],
      [`x ${word} y`, 2],
      [`(${word})`, 1],
    ] as const) {
      const tokens = tmTokenize(line).filter((t) => t.start < at + word.length && t.end > at);
      expect(
        tokens.map((t) => [t.start, t.end]),
        line,
      ).toEqual([[at, at + word.length]]);
      expect(
        tokens[0]?.scopes.some((s) => keywordish.test(s)),
        `${line}: ${tokens[0]?.scopes.join(' ')}`,
      ).toBe(true);
    }
  });

  it('is part of a longer name when glued to name characters, as the lexer reads it', () => {
    for (const word of keywordNames) {
      for (const line of [`${word}-x`, `${word}_2`, `x-${word}`, `${word}9`]) {
        expect(
          tmTokenize(line).map((t) => t.scopes.at(-1)),
          line,
        ).toEqual(['variable.other.wbrules']);
      }
    }
  });
});

describe('the contextual word "aria"', () => {
  /** The scope the last TextMate token over the first `aria` at or after `from` ends with. */
  function ariaScope(line: string, from = 0): string | undefined {
    const at = line.indexOf('aria', from);
    const tokens = tmTokenize(line).filter((t) => t.start < at + 4 && t.end > at);
    expect(tokens.map((t) => [t.start, t.end])).toEqual([[at, at + 4]]);
    return tokens[0]?.scopes.at(-1);
  }

  it.each([
    ['-> aria "p"', 0, 'keyword.other.wbrules'],
    ['->aria "p"', 0, 'keyword.other.wbrules'],
    ['x -> aria', 0, 'keyword.other.wbrules'],
    ['-> aria aria', 5, 'variable.other.wbrules'],
    ['aria', 0, 'variable.other.wbrules'],
    ['webhook aria = "x"', 0, 'variable.other.wbrules'],
    ['-> webhook aria', 0, 'variable.other.wbrules'],
    ['-> slack aria title "t"', 0, 'variable.other.wbrules'],
    ['where aria == "x"', 0, 'variable.other.wbrules'],
    ['where run.aria == "x"', 0, 'variable.other.member.wbrules'],
  ] as const)('%s: the "aria" at or after %i is %s', (line, from, scope) => {
    expect(ariaScope(line, from)).toBe(scope);
    expect(disagreements(line)).toEqual([]);
  });

  it('is part of a longer name when glued to name characters, even after "->"', () => {
    for (const line of ['-> aria-x', '-> aria_2', '-> x-aria', '-> aria9']) {
      expect(
        tmTokenize(line).map((t) => t.scopes.at(-1)),
        line,
      ).toEqual(['keyword.operator.arrow.wbrules', 'source.wbrules', 'variable.other.wbrules']);
      expect(disagreements(line)).toEqual([]);
    }
  });

  it('is the action word on the line after "->", past comments of both styles', () => {
    for (const text of ['->\naria "p"', '-> # c\n  aria "p"', '-> // c\n\n aria "p"']) {
      const at = text.indexOf('aria');
      expect(scopesOver(tmTokenize(text), at, at + 4), text).toEqual([['source.wbrules', 'keyword.other.wbrules']]);
      expect(disagreements(text)).toEqual([]);
    }
  });
});

describe('the example files', () => {
  const dirs = [join(root, 'examples'), join(root, 'packages/dsl/src/__tests__/fixtures')];
  const files = dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.wbrules'))
          .sort()
          .map((f) => join(dir, f))
      : [],
  );

  it('are there to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.slice(root.length), f]))(
    '%s: the highlighter agrees with the lexer on every token',
    (_, file) => {
      const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const problems = disagreements(text);
      expect(problems).toEqual([]);
    },
  );
});

describe('random token soup', () => {
  const vocabulary = [
    ...keywordNames,
    'aria',
    ...'ci x r e5 running failed warn info on-call val_acc a9'.split(' '),
    ...'0 3 -3 0.5 -0.25 1e-7 1E2 10 01 1. %'.split(' '),
    ...'-> == != >= <= > < = , . : ( ) [ ] { }'.split(' '),
    ...String.raw`"loss"|"a\"b"|"\u00e9\n"|"\d"|r"^a\d$"|""|"# no comment"|"// nor this"`.split('|'),
    `"\${event_type}"`,
    `\${x}`,
    '# comment\n',
    '// comment\n',
  ];
  const separators = ['', ' ', '  ', '\n', '\t', ' # c\n'];

  it('is highlighted as the lexer reads it, whatever the order and spacing', () => {
    const soup = fc
      .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...separators)), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.map(([token, sep]) => token + sep).join(''));
    fc.assert(
      fc.property(soup, (text) => {
        expect(disagreements(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
