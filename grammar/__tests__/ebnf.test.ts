import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grammarEbnf, grammarParser, keywordNames, parse, tokenize } from '../../packages/dsl/src/index.js';
import { contextualWordNames } from '../../packages/dsl/src/tokens.js';
import { derives, type Ebnf, literalsOf, readEbnf, references } from './ebnf-reader.js';
import { kitchenSink } from './kitchen-sink.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const checkedIn = readFileSync(join(root, 'grammar/wbrules.ebnf'), 'utf8');
const ebnf: Ebnf = readEbnf(checkedIn);

describe('grammar/wbrules.ebnf', () => {
  it('is up to date with the parser', () => {
    expect(checkedIn, 'grammar/wbrules.ebnf is stale: run `pnpm grammar` and check in the result').toBe(grammarEbnf());
  });

  it("has one production per parser rule, in the parser's order, then the lexical rules", () => {
    const parserRules = grammarParser()
      .getSerializedGastProductions()
      .map((r) => (r as { name?: string }).name);
    const names = [...ebnf.rules.keys()];
    expect(names.filter((n) => !ebnf.lexical.has(n))).toEqual(parserRules);
    expect(names.filter((n) => ebnf.lexical.has(n)).slice(-10)).toEqual([
      'Identifier',
      'Keyword',
      'String',
      'StringChar',
      'Escape',
      'Hex',
      'RawString',
      'Number',
      'Comment',
      'WhiteSpace',
    ]);
  });

  it('defines every name it uses', () => {
    for (const [name, expr] of ebnf.rules) {
      for (const ref of references(expr)) expect(ebnf.rules.has(ref), `${name} uses undefined ${ref}`).toBe(true);
    }
  });

  it('reserves exactly the keywords the lexer reserves, and lets only keywords and contextual words start a field besides identifiers', () => {
    expect(literalsOf(ebnf.rules.get('Keyword') as never)).toEqual([...keywordNames]);
    const heads = literalsOf(ebnf.rules.get('FieldHead') as never);
    expect(heads).toEqual(expect.arrayContaining(['run', 'alias', 'tag']));
    for (const head of heads) expect([...keywordNames, ...contextualWordNames]).toContain(head);
  });

  it('never reserves a contextual word, and writes the action it starts', () => {
    for (const word of contextualWordNames) expect(keywordNames as readonly string[]).not.toContain(word);
    expect(literalsOf(ebnf.rules.get('Keyword') as never)).not.toContain('aria');
    expect(checkedIn).toMatch(/^action +::= [\s\S]*\| "aria" AnyString$/m);
  });

  it('aligns every "::=" and keeps every line within 100 columns', () => {
    const lines = checkedIn.split('\n');
    const columns = new Set(lines.filter((l) => l.includes(' ::= ')).map((l) => l.indexOf(' ::= ')));
    expect(columns.size).toBe(1);
    expect(lines.filter((l) => l.length > 100)).toEqual([]);
  });
});

describe('the printed grammar derives what the parser accepts', () => {
  const files = ['examples', 'packages/dsl/src/__tests__/fixtures'].flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((f) => f.endsWith('.wbrules'))
          .map((f) => [`${dir}/${f}`, readFileSync(join(root, dir, f), 'utf8')] as const)
      : [],
  );

  it.each([['the kitchen sink', kitchenSink] as const, ...files])(
    'derives %s exactly when the parser accepts it',
    (_, text) => {
      const parserAccepts = !parse(text).diagnostics.some((d) => d.code === 'WR1101' || d.code === 'WR1102');
      expect(parserAccepts || text !== kitchenSink).toBe(true);
      expect(derives(ebnf, 'document', tokenize(text).tokens)).toBe(parserAccepts);
    },
  );

  it.each([
    'on run metric "loss" -> nothing',
    'on run state -> nothing',
    'on run metric "m" avg < 1 -> nothing',
    'on alias "x" removed -> nothing',
    'webhook = "x"',
    'in project',
    'on artifact created -> webhook',
    'on run metric "m" > 1 where run.name -> nothing',
    'on run metric "m" > 1 -> webhook ci { "a": }',
    'on run metric "m" > 1 where alias in [] or -> nothing',
    'automation "x"',
    'on run state failed -> aria',
    'on run state failed -> aria 3',
    'aria = "x"',
  ])('rejects, like the parser, %s', (text) => {
    expect(parse(text).diagnostics.map((d) => d.code)).toEqual([expect.stringMatching(/^WR110[12]$/)]);
    expect(derives(ebnf, 'document', tokenize(text).tokens)).toBe(false);
  });

  it('accepts a random sequence of rule fragments exactly when the parser does', () => {
    // Pieces of rules, split on "|", so most samples are broken somewhere and some are not.
    const fragments = (
      'on|run|metric "m"|state|failed|,|> 1|== 2|avg|over 5|changes by 10%|within 5|vs 10|zscore|abs|artifact|' +
      'created|alias|tag|"x"|added|removed|collection|in|project "a/b"|where|run.name|not|exists|matches "r"|and|or|' +
      '(|)|[|]|->|nothing|webhook|ci|slack|title "t"|severity warn|{|}|:|=|automation "n"|disabled|description "d"|' +
      'true|-3|aria|"p"'
    ).split('|');
    // Weighted towards whole rules so that many samples are valid.
    const wholeRules = [
      'on run metric "m" > 1 -> nothing',
      'on artifact linked -> webhook ci',
      'webhook ci = "x"',
      'in team "t"',
      'on tag added where tag in ["a"] -> slack s',
      'on run state failed -> aria "p"',
      'webhook aria = "x"',
    ];
    const soup = fc
      .array(fc.oneof(fc.constantFrom(...fragments), fc.constantFrom(...wholeRules)), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.join(' '));
    let accepted = 0;
    fc.assert(
      fc.property(soup, (text) => {
        const parserAccepts = !parse(text).diagnostics.some((d) => d.code === 'WR1101' || d.code === 'WR1102');
        if (parserAccepts) accepted++;
        expect(derives(ebnf, 'document', tokenize(text).tokens), text).toBe(parserAccepts);
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});

describe('grammarEbnf on a grammar of every production type', () => {
  const t = (name: string, label = `"${name}"`) => ({ type: 'Terminal', name, label, idx: 0 });
  const nt = (name: string) => ({ type: 'NonTerminal', name, idx: 0 });
  const rule = (name: string, ...definition: object[]) => ({ type: 'Rule', name, orgText: '', definition });
  const choice = (...alternatives: object[][]) => ({
    type: 'Alternation',
    idx: 0,
    definition: alternatives.map((definition) => ({ type: 'Alternative', definition })),
  });
  const productions = [
    rule('start', { type: 'Repetition', idx: 0, definition: [nt('entry')] }),
    rule('entry', choice([t('on'), nt('event')], [t('Identifier', 'Identifier')], [])),
    rule(
      'event',
      t('run'),
      { type: 'Option', idx: 0, definition: [t('abs')] },
      { type: 'Option', idx: 1, definition: [t('over'), t('Number', 'a number')] },
      { type: 'RepetitionMandatory', idx: 0, definition: [choice([t('a')], [t('b')])] },
    ),
    rule(
      'list',
      t('['),
      { type: 'RepetitionWithSeparator', idx: 0, separator: t(','), definition: [nt('entry')] },
      t(']'),
    ),
    rule('pairs', {
      type: 'RepetitionMandatoryWithSeparator',
      idx: 0,
      separator: t(';'),
      definition: [nt('entry'), t(':')],
    }),
    rule('long', nt('head'), choice(...Array.from({ length: 8 }, (_, i) => [t(`alternative${i}`), nt('tail')]))),
  ] as unknown as Parameters<typeof grammarEbnf>[0];

  it('prints each production type in W3C notation, wrapping a long choice one alternative per line', () => {
    const text = grammarEbnf(productions);
    const body = text.slice(text.indexOf('*/\n') + 3, text.indexOf('/* Lexical rules. */')).trim();
    expect(body).toBe(
      [
        'start      ::= entry*',
        'entry      ::= "on" event',
        '             | Identifier',
        '             | /* nothing */',
        'event      ::= "run" "abs"? ( "over" Number )? ( "a" | "b" )+',
        'list       ::= "[" ( entry ( "," entry )* )? "]"',
        'pairs      ::= ( entry ":" ) ( ";" entry ":" )*',
        'long       ::= head',
        '               ( "alternative0" tail',
        '               | "alternative1" tail',
        '               | "alternative2" tail',
        '               | "alternative3" tail',
        '               | "alternative4" tail',
        '               | "alternative5" tail',
        '               | "alternative6" tail',
        '               | "alternative7" tail )',
      ].join('\n'),
    );
  });

  it('rejects a production type it does not know instead of printing something wrong', () => {
    expect(() => grammarEbnf([{ type: 'Rule', name: 'x', definition: [{ type: 'Lookahead' }] } as never])).toThrow(
      'unknown production type "Lookahead"',
    );
  });
});
