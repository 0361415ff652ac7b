import { Lexer } from 'chevrotain';
import type { ScanResult } from './scanner.js';
import { chevrotainVocabulary } from './chevrotain-vocabulary.js';
import { allTokens, Identifier, keywordByText } from './tokens.js';

let reference: Lexer | undefined;

/**
 * Chevrotain's own lexer over the token definitions, with keywords retyped
 * as `tokenize` does. `scan` is held equal to it by a property test; the
 * parser uses `scan` because it is several times faster.
 */
export function referenceTokenize(text: string): ScanResult {
  if (reference === undefined) {
    // Keywords and categories have no pattern (they are not lexed): Chevrotain's lexer wants `Lexer.NA` there.
    for (const type of allTokens) if (type.PATTERN === undefined) type.PATTERN = Lexer.NA;
    reference = new Lexer(chevrotainVocabulary(), { positionTracking: 'onlyOffset', ensureOptimizations: true });
  }
  const result = reference.tokenize(text);
  for (const token of result.tokens) {
    if (token.tokenType !== Identifier) continue;
    const kw = keywordByText.get(token.image);
    if (kw !== undefined) {
      token.tokenType = kw;
      token.tokenTypeIdx = kw.tokenTypeIdx as number;
    }
  }
  return {
    tokens: result.tokens,
    comments: result.groups.comments ?? [],
    errors: result.errors.map((e) => ({ offset: e.offset, length: e.length })),
    checks: result.tokens.map((_, i) => i),
    end: text.length,
  };
}
