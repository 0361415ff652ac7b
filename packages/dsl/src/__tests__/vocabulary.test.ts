import { createToken, EmbeddedActionsParser, Lexer, type TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { WbrulesParser } from '../grammar-parser.js';
import { parse, withGrammarParser } from '../parse.js';
import { referenceTokenize } from '../reference-lexer.js';
import { allTokens } from '../tokens.js';

/**
 * tokens.ts makes the token types without Chevrotain (so a well-formed file
 * never loads it) and chevrotain-vocabulary.ts hands them to Chevrotain when a
 * parser or lexer is built. These hold the types to what Chevrotain's own
 * `createToken` makes, and Chevrotain to leaving them as they are.
 */

/** A type's fields, with types named rather than numbered (the numbers differ between the two vocabularies). */
function describeType(type: TokenType, byIndex: ReadonlyMap<number, TokenType>) {
  const pattern = type.PATTERN;
  return {
    name: type.name,
    pattern: pattern === undefined || pattern === Lexer.NA ? 'none' : String(pattern),
    label: type.LABEL,
    group: type.GROUP,
    lineBreaks: type.LINE_BREAKS,
    startChars: type.START_CHARS_HINT,
    categories: (type.CATEGORIES ?? []).map((c) => c.name),
    members: (type.categoryMatches ?? []).map((idx) => byIndex.get(idx)?.name).sort(),
    memberMap: Object.keys(type.categoryMatchesMap ?? {})
      .map((idx) => byIndex.get(Number(idx))?.name)
      .sort(),
    isParent: type.isParent,
  };
}

/** The numbers and category fields Chevrotain reads, by type name. */
function numbering() {
  return allTokens.map((t) => ({
    name: t.name,
    idx: t.tokenTypeIdx,
    members: [...(t.categoryMatches ?? [])],
    map: { ...t.categoryMatchesMap },
    isParent: t.isParent,
  }));
}

describe('the token vocabulary', () => {
  // First in the file: the other grammar's types are made before any parser over ours.
  it('parses as before beside another grammar that made its token types first, and that grammar does too', () => {
    // Another grammar in the process, with a category, numbered after whatever came before it.
    const Letter = createToken({ name: 'Letter', pattern: Lexer.NA });
    const A = createToken({ name: 'A', pattern: /a/, categories: [Letter] });
    const B = createToken({ name: 'B', pattern: /b/, categories: [Letter] });
    for (let i = 0; i < 200; i++) createToken({ name: `Other${i}`, pattern: Lexer.NA });
    class Letters extends EmbeddedActionsParser {
      constructor() {
        super([Letter, A, B]);
        this.performSelfAnalysis();
      }
      word = this.RULE('word', () => {
        let n = 0;
        this.MANY(() => {
          this.CONSUME(Letter);
          n++;
        });
        return n;
      });
    }
    const letters = new Letters();
    const lexer = new Lexer([A, B]);
    const count = (text: string) => {
      letters.input = lexer.tokenize(text).tokens;
      return letters.word();
    };
    expect(count('abba')).toBe(4);

    const text = 'on run metric "m" avg > 1 -> nothing\non run state failed -> webhook ci { "a": 1, }';
    const ours = withGrammarParser(new WbrulesParser({ validate: true, fastPath: false }), () => parse(text));
    expect(ours.diagnostics.map((d) => [d.code, d.span.start])).toEqual([
      ['WR1101', 22],
      ['WR1108', text.indexOf(', }')],
    ]);
    expect(ours.ast.items).toEqual([]);
    expect(count('baab')).toBe(4);
  });

  it("has every field Chevrotain's createToken gives the same definitions", () => {
    // The same vocabulary made by Chevrotain, categories first (a type's categories must exist before it).
    const made = new Map<string, TokenType>();
    const make = (type: TokenType): TokenType => {
      const known = made.get(type.name);
      if (known !== undefined) return known;
      const categories = (type.CATEGORIES ?? []).map(make);
      const chevrotain = createToken({
        name: type.name,
        pattern: type.PATTERN === undefined || type.PATTERN === Lexer.NA ? Lexer.NA : type.PATTERN,
        ...(type.LABEL === undefined ? {} : { label: type.LABEL }),
        ...(type.GROUP === undefined ? {} : { group: type.GROUP }),
        ...(type.LINE_BREAKS === undefined ? {} : { line_breaks: type.LINE_BREAKS }),
        ...(type.START_CHARS_HINT === undefined ? {} : { start_chars_hint: type.START_CHARS_HINT }),
        ...(categories.length === 0 ? {} : { categories }),
      });
      made.set(type.name, chevrotain);
      return chevrotain;
    };
    const theirs = allTokens.map(make);
    const ourIndex = new Map(allTokens.map((t) => [t.tokenTypeIdx as number, t]));
    const theirIndex = new Map(theirs.map((t) => [t.tokenTypeIdx as number, t]));
    expect(allTokens.map((t) => describeType(t, ourIndex))).toEqual(theirs.map((t) => describeType(t, theirIndex)));
    // Numbered one after another from 2 (Chevrotain's EOF is 1), each number once.
    expect(allTokens.map((t) => t.tokenTypeIdx).sort((a, b) => (a as number) - (b as number))).toEqual(
      allTokens.map((_, i) => i + 2),
    );
  });

  it('is left as it is by a Chevrotain parser and lexer built over it', () => {
    const before = numbering();
    const parser = new WbrulesParser({ validate: true, fastPath: false });
    referenceTokenize('on run state failed -> nothing');
    expect(numbering()).toEqual(before);
    expect(
      withGrammarParser(parser, () => parse('on run metric "m" > 1 -> nothing\non alias -> x')).diagnostics,
    ).toEqual([
      {
        code: 'WR1101',
        severity: 'error',
        message: 'expected "added" in this alias event (alias "NAME" added), found "->"',
        span: { start: 42, end: 44 },
      },
    ]);
  });
});
