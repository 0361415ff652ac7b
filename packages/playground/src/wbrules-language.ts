import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';
import { contextualWordNames, keywordNames } from '@wbrules/dsl';

/**
 * Syntax highlighting for the editor: a line-based tokenizer in
 * CodeMirror's StreamLanguage, with the keyword list taken from the dsl so
 * it can never disagree with the parser about which words are reserved.
 * Token patterns follow the lexer's (strings stop at the line's end, `-`
 * may start a number but `->` is the arrow). `aria` is a contextual word,
 * not a reserved one: a keyword right after `->` (comments and line breaks
 * between), a name anywhere else, as in `webhook aria = "..."`.
 */

const keywords: ReadonlySet<string> = new Set(keywordNames);

/** Words that are keywords only as the first token after `->`. */
const actionWords: ReadonlySet<string> = new Set(contextualWordNames);

/** What the tokenizer carries from one token (and line) to the next. */
export interface WbrulesState {
  /** Whether the last token (comments aside) was `->`. */
  afterArrow: boolean;
}

function string(stream: StringStream): string {
  let escaped = false;
  while (!stream.eol()) {
    const c = stream.next();
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === '"') break;
  }
  return 'string';
}

/** The tokenizer, by itself so tests can run it on lines without an editor. */
export const wbrulesStreamParser: StreamParser<WbrulesState> = {
  name: 'wbrules',
  startState: () => ({ afterArrow: false }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match('#') || stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    const afterArrow = state.afterArrow;
    state.afterArrow = false;
    if (stream.match(/^r"[^"]*"?/)) return 'string';
    if (stream.peek() === '"') {
      stream.next();
      return string(stream);
    }
    if (stream.match('->')) {
      state.afterArrow = true;
      return 'operator';
    }
    if (stream.match(/^-?\.?[0-9](?:[eE][+-]|[A-Za-z0-9_.])*%?/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_-]*/)) {
      const word = stream.current();
      if (word === 'true' || word === 'false' || word === 'null') return 'atom';
      return keywords.has(word) || (afterArrow && actionWords.has(word)) ? 'keyword' : 'variableName';
    }
    if (stream.match(/^(?:>=|<=|==|!=|[<>=%])/)) return 'operator';
    if (stream.match(/^\$\{[^}]*\}?/)) return 'invalid';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};

/** The `.wbrules` language for CodeMirror 6. */
export const wbrulesLanguage = StreamLanguage.define(wbrulesStreamParser);
