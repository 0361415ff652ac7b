import type { IToken, TokenType } from 'chevrotain';
import {
  Arrow,
  Colon,
  Comma,
  Comment,
  Dot,
  EqualEqual,
  Equals,
  Greater,
  GreaterEqual,
  Identifier,
  keywordByText,
  LBrace,
  LBracket,
  Less,
  LessEqual,
  LParen,
  MisquotedString,
  NotEqual,
  NumberToken,
  Percent,
  RawString,
  RBrace,
  RBracket,
  RParen,
  StringToken,
  TemplateOutsideString,
  UnterminatedRawString,
  UnterminatedString,
} from './tokens.js';

/** A run of characters that start no token (what Chevrotain's lexer reports as one error). */
export interface ScanError {
  readonly offset: number;
  readonly length: number;
}

/** Tokens for the parser, comment tokens for the formatter, and unlexable runs. */
export interface ScanResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: ScanError[];
  /**
   * The indices of the tokens the lexer must look into (numbers, strings with
   * an escape, a control character or a surrogate, and the malformed kinds),
   * in order: the rest are well-formed as scanned.
   */
  readonly checks: number[];
  /** Where scanning stopped: the text's length, or the offset after the `maxTokens`th token. */
  readonly end: number;
}

// Character classes, by char code.
const WORD_START = 1;
const WORD_PART = 2;
const DIGIT = 4;
const NUMBER_PART = 8;
const SPACE = 16;
const classes = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z_]/.test(ch)) k |= WORD_START | WORD_PART | NUMBER_PART;
  if (/[0-9]/.test(ch)) k |= DIGIT | WORD_PART | NUMBER_PART;
  if (ch === '-') k |= WORD_PART;
  if (ch === '.') k |= NUMBER_PART;
  if (/[ \t\r\n\f\v]/.test(ch)) k |= SPACE;
  classes[c] = k;
}

/** A token in the shape Chevrotain's lexer makes (one hidden class for all tokens). */
class ScannedToken implements IToken {
  constructor(
    readonly image: string,
    readonly startOffset: number,
    readonly endOffset: number,
    public tokenType: TokenType,
    public tokenTypeIdx: number,
  ) {}
}

/**
 * A token type with its index read once: reading `tokenTypeIdx` per token
 * from token types of many different shapes is a slow megamorphic load.
 * Then its fixed image, if any, and whether the lexer must look into tokens
 * of the type (listed in `ScanResult.checks`).
 */
type Kind = readonly [TokenType, number, string | undefined, boolean];
function kind(type: TokenType, image?: string, checked = false): Kind {
  return [type, type.tokenTypeIdx as number, image, checked];
}
const K_RawString = kind(RawString, undefined, true);
const K_UnterminatedRawString = kind(UnterminatedRawString, undefined, true);
const K_StringToken = kind(StringToken, undefined, true);
const K_UnterminatedString = kind(UnterminatedString, undefined, true);
const K_MisquotedString = kind(MisquotedString, undefined, true);
const K_Arrow = kind(Arrow, '->');
const K_Comment = kind(Comment);
const K_Dot = kind(Dot, '.');
const K_TemplateOutsideString = kind(TemplateOutsideString, undefined, true);
const K_GreaterEqual = kind(GreaterEqual, '>=');
const K_Greater = kind(Greater, '>');
const K_LessEqual = kind(LessEqual, '<=');
const K_Less = kind(Less, '<');
const K_EqualEqual = kind(EqualEqual, '==');
const K_Equals = kind(Equals, '=');
const K_NotEqual = kind(NotEqual, '!=');
const IDENTIFIER = Identifier.tokenTypeIdx as number;
const STRING = StringToken.tokenTypeIdx as number;
const NUMBER = NumberToken.tokenTypeIdx as number;
const punctuation = new Map<number, Kind>([
  [44, kind(Comma, ',')],
  [58, kind(Colon, ':')],
  [37, kind(Percent, '%')],
  [40, kind(LParen, '(')],
  [41, kind(RParen, ')')],
  [91, kind(LBracket, '[')],
  [93, kind(RBracket, ']')],
  [123, kind(LBrace, '{')],
  [125, kind(RBrace, '}')],
]);

/** A keyword: its token type, its index and its text, also as character codes (see {@link textAt}). */
interface Keyword {
  readonly type: TokenType;
  readonly idx: number;
  readonly text: string;
  readonly codes: Uint8Array;
}

/**
 * Keywords by a hash of their characters, which the word loop computes as it
 * goes: a keyword is recognized without cutting its text out of the source
 * or hashing it again for a map (most words in rule files are keywords).
 */
const keywordSlots: (readonly Keyword[])[] = [];
const KEYWORD_MASK = 255;
for (const [text, type] of keywordByText) {
  let h = text.charCodeAt(0);
  for (let k = 1; k < text.length; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  const codes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  const slot = h & KEYWORD_MASK;
  keywordSlots[slot] = [...(keywordSlots[slot] ?? []), { type, idx: type.tokenTypeIdx as number, text, codes }];
}
for (let slot = 0; slot <= KEYWORD_MASK; slot++) keywordSlots[slot] ??= [];

/**
 * Whether `text` holds `codes` at `start` (they fit there): comparing with
 * `startsWith`, or with the characters of a keyword string, costs several
 * times more than reading the source and a byte array.
 */
function textAt(text: string, start: number, codes: Uint8Array): boolean {
  for (let k = 0; k < codes.length; k++) if (text.charCodeAt(start + k) !== codes[k]) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c < 128 ? ((classes[c] as number) & SPACE) !== 0 : c === 0xa0 || c === 0xfeff;
}

/** `‘`, `’`, `“` or `”`. */
function isTypographicQuote(c: number): boolean {
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The lexer's hot path: a hand-written scanner over the token vocabulary of
 * `tokens.ts`, producing the same tokens (type, image, offsets) and the same
 * error runs as Chevrotain's `Lexer` built from those token definitions —
 * a property test holds the two equal on generated input. Chevrotain's
 * lexer tops out near 24 MB/s here; this scanner runs several times faster,
 * which the parser's throughput target needs.
 */
export function scan(text: string, start = 0, maxTokens = Number.POSITIVE_INFINITY): ScanResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: ScanError[] = [];
  const checks: number[] = [];
  const n = text.length;
  let errorStart = -1;
  let i = start;
  const push = (type: Kind, start: number, end: number, list: IToken[]) => {
    if (errorStart >= 0) {
      errors.push({ offset: errorStart, length: start - errorStart });
      errorStart = -1;
    }
    if (type[3]) checks.push(list.length);
    // Fixed-text tokens share one image string: fewer strings that live as long as the tokens.
    list.push(new ScannedToken(type[2] ?? text.slice(start, end), start, end - 1, type[0], type[1]));
  };
  while (i < n) {
    if (tokens.length >= maxTokens) break;
    const c = text.charCodeAt(i);
    const k = c < 128 ? (classes[c] as number) : 0;
    // Whitespace (skipped).
    if ((k & SPACE) !== 0 || c === 0xa0 || c === 0xfeff) {
      if (errorStart >= 0) {
        errors.push({ offset: errorStart, length: i - errorStart });
        errorStart = -1;
      }
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    // Words, raw strings and keywords.
    if ((k & WORD_START) !== 0) {
      if (c === 114 && text.charCodeAt(i + 1) === 34) {
        let j = i + 2;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 34 || d === 10 || d === 13) break;
          j++;
        }
        if (j < n && text.charCodeAt(j) === 34) push(K_RawString, i, j + 1, tokens);
        else push(K_UnterminatedRawString, i, j, tokens);
        i = j < n && text.charCodeAt(j) === 34 ? j + 1 : j;
        continue;
      }
      let j = i + 1;
      let h = c;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 128 || ((classes[d] as number) & WORD_PART) === 0) break;
        h = (Math.imul(h, 31) + d) | 0;
        j++;
      }
      if (errorStart >= 0) {
        errors.push({ offset: errorStart, length: i - errorStart });
        errorStart = -1;
      }
      let kw: Keyword | undefined;
      for (const candidate of keywordSlots[h & KEYWORD_MASK] as readonly Keyword[]) {
        if (candidate.codes.length === j - i && textAt(text, i, candidate.codes)) {
          kw = candidate;
          break;
        }
      }
      tokens.push(
        kw === undefined
          ? new ScannedToken(text.slice(i, j), i, j - 1, Identifier, IDENTIFIER)
          : new ScannedToken(kw.text, i, j - 1, kw.type, kw.idx),
      );
      i = j;
      continue;
    }
    // Strings: a fast path for the common case (closed on its line, no escape, control character or
    // surrogate: nothing for the lexer to check), a loop for the rest.
    if (c === 34) {
      let j = i + 1;
      let d = 0;
      while (j < n) {
        d = text.charCodeAt(j);
        if (d === 34 || d === 92 || d < 32 || (d & 0xf800) === 0xd800) break;
        j++;
      }
      if (j < n && d === 34) {
        if (errorStart >= 0) {
          errors.push({ offset: errorStart, length: i - errorStart });
          errorStart = -1;
        }
        tokens.push(new ScannedToken(text.slice(i, j + 1), i, j, StringToken, STRING));
        i = j + 1;
        continue;
      }
      // Go on from what stopped the fast path.
      let closed = false;
      while (j < n) {
        d = text.charCodeAt(j);
        if (d === 34) {
          closed = true;
          break;
        }
        if (d === 10 || d === 13) break;
        if (d === 92) {
          const e = text.charCodeAt(j + 1);
          if (j + 1 >= n || e === 10 || e === 13) {
            j++; // a trailing backslash belongs to the unterminated string
            break;
          }
          j += 2;
          continue;
        }
        j++;
      }
      if (closed) {
        push(K_StringToken, i, j + 1, tokens);
        i = j + 1;
      } else {
        push(K_UnterminatedString, i, j, tokens);
        i = j;
      }
      continue;
    }
    // A string in single or typographic quotes, closed on its line (reported by the lexer).
    if (c === 39 || isTypographicQuote(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13 || (c === 39 ? d === 39 : isTypographicQuote(d))) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) {
        push(K_MisquotedString, i, j + 1, tokens);
        i = j + 1;
        continue;
      }
    }
    // `->` before numbers; numbers (loose, checked later).
    if (c === 45 && text.charCodeAt(i + 1) === 62) {
      push(K_Arrow, i, i + 2, tokens);
      i += 2;
      continue;
    }
    if (
      (k & DIGIT) !== 0 ||
      ((c === 45 || c === 46) && isDigit(text.charCodeAt(i + 1))) ||
      (c === 45 && text.charCodeAt(i + 1) === 46 && isDigit(text.charCodeAt(i + 2)))
    ) {
      let j = i;
      if (text.charCodeAt(j) === 45) j++;
      if (text.charCodeAt(j) === 46) j++;
      j++; // the first digit
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d === 101 || d === 69) && (text.charCodeAt(j + 1) === 43 || text.charCodeAt(j + 1) === 45)) {
          j += 2;
          continue;
        }
        if (d >= 128 || ((classes[d] as number) & NUMBER_PART) === 0) break;
        j++;
      }
      if (errorStart >= 0) {
        errors.push({ offset: errorStart, length: i - errorStart });
        errorStart = -1;
      }
      checks.push(tokens.length);
      tokens.push(new ScannedToken(text.slice(i, j), i, j - 1, NumberToken, NUMBER));
      i = j;
      continue;
    }
    // Comments.
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) break;
        j++;
      }
      push(K_Comment, i, j, comments);
      i = j;
      continue;
    }
    // Operators.
    const next = text.charCodeAt(i + 1);
    if (c === 62 || c === 60 || c === 61 || (c === 33 && next === 61)) {
      const two = next === 61;
      const type =
        c === 62
          ? two
            ? K_GreaterEqual
            : K_Greater
          : c === 60
            ? two
              ? K_LessEqual
              : K_Less
            : c === 61
              ? two
                ? K_EqualEqual
                : K_Equals
              : K_NotEqual;
      push(type, i, i + (two ? 2 : 1), tokens);
      i += two ? 2 : 1;
      continue;
    }
    if (c === 46) {
      push(K_Dot, i, i + 1, tokens);
      i++;
      continue;
    }
    const p = punctuation.get(c);
    if (p !== undefined) {
      push(p, i, i + 1, tokens);
      i++;
      continue;
    }
    if (c === 36 && next === 123) {
      let j = i + 2;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 125 || d === 10 || d === 13) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) === 125) j++;
      push(K_TemplateOutsideString, i, j, tokens);
      i = j;
      continue;
    }
    // Nothing starts here: extend the current error run.
    if (errorStart < 0) errorStart = i;
    i++;
  }
  if (errorStart >= 0) errors.push({ offset: errorStart, length: i - errorStart });
  return { tokens, comments, errors, checks, end: i };
}
