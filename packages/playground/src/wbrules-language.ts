import { StreamLanguage, type StringStream } from '@codemirror/language';
import { keywordNames } from '@wbrules/dsl';

/**
 * Syntax highlighting for the editor: a line-based tokenizer in
 * CodeMirror's StreamLanguage, with the keyword list taken from the dsl so
 * it can never disagree with the parser about which words are reserved.
 * Token patterns follow the lexer's (strings stop at the line's end, `-`
 * may start a number but `->` is the arrow).
 */

const keywords: ReadonlySet<string> = new Set(keywordNames);

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

/** The `.wbrules` language for CodeMirror 6. */
export const wbrulesLanguage = StreamLanguage.define<null>({
  name: 'wbrules',
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match('#') || stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^r"[^"]*"?/)) return 'string';
    if (stream.peek() === '"') {
      stream.next();
      return string(stream);
    }
    if (stream.match('->')) return 'operator';
    if (stream.match(/^-?\.?[0-9](?:[eE][+-]|[A-Za-z0-9_.])*%?/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_-]*/)) {
      const word = stream.current();
      if (word === 'true' || word === 'false' || word === 'null') return 'atom';
      return keywords.has(word) ? 'keyword' : 'variableName';
    }
    if (stream.match(/^(?:>=|<=|==|!=|[<>=%])/)) return 'operator';
    if (stream.match(/^\$\{[^}]*\}?/)) return 'invalid';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
});
