import { createToken, Lexer, type TokenType } from 'chevrotain';
import { allTokens, maxTokenIndex } from './tokens.js';

let ready = false;

/**
 * The token types, ready for a Chevrotain parser or lexer. `tokens.ts`
 * makes them without Chevrotain, numbered and with their category fields
 * as Chevrotain's `createToken` makes them, so Chevrotain keeps them as
 * they are. Only its table of types by index must agree: when a parser or
 * lexer is built, Chevrotain looks up each category member's index there
 * (and reads back the same number). Every index below the next one it
 * gives out is in the table (it numbers types one after another), so this
 * has it give out placeholder types until it is past ours. Other grammars
 * in the process may hold some of our numbers: tokens of one grammar are
 * never matched against another's types, so that is harmless.
 */
export function chevrotainVocabulary(): TokenType[] {
  while (!ready) {
    const placeholder = createToken({ name: 'WbrulesReservedIndex', pattern: Lexer.NA });
    ready = (placeholder.tokenTypeIdx as number) >= maxTokenIndex;
  }
  return allTokens;
}
