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

/**
 * A token in the shape Chevrotain's lexer makes (one hidden class for all
 * tokens). `endOffset` is computed when read rather than stored: nothing on
 * the hot path reads it, and a field less on each of the million tokens of a
 * big file is 8 MB less for the allocator and the garbage collector.
 */
class ScannedToken implements IToken {
  constructor(
    readonly image: string,
    readonly startOffset: number,
    public tokenType: TokenType,
    public tokenTypeIdx: number,
  ) {}

  /** Chevrotain's inclusive end offset (an image always spans its token's text). */
  get endOffset(): number {
    return this.startOffset + this.image.length - 1;
  }
}

/**
 * A token type with its index read once (reading `tokenTypeIdx` per token
 * from token types of many different shapes is a slow megamorphic load), its
 * fixed image if any, and whether the lexer must look into tokens of the
 * type (listed in `ScanResult.checks`). One class, so every read of a kind
 * in the scanner's loop is monomorphic.
 */
class Kind {
  readonly idx: number;
  constructor(
    readonly type: TokenType,
    readonly image: string | undefined,
    readonly checked: boolean,
  ) {
    this.idx = type.tokenTypeIdx as number;
  }
}
function kind(type: TokenType, image?: string, checked = false): Kind {
  return new Kind(type, image, checked);
}
const K_Identifier = kind(Identifier);
const K_String = kind(StringToken);
const K_Number = kind(NumberToken, undefined, true);
const K_RawString = kind(RawString, undefined, true);
const K_UnterminatedRawString = kind(UnterminatedRawString, undefined, true);
const K_StringChecked = kind(StringToken, undefined, true);
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

/** The one-character tokens, by char code. */
const punctuation: (Kind | undefined)[] = new Array(128).fill(undefined);
punctuation[44] = kind(Comma, ',');
punctuation[58] = kind(Colon, ':');
punctuation[37] = kind(Percent, '%');
punctuation[40] = kind(LParen, '(');
punctuation[41] = kind(RParen, ')');
punctuation[91] = kind(LBracket, '[');
punctuation[93] = kind(RBracket, ']');
punctuation[123] = kind(LBrace, '{');
punctuation[125] = kind(RBrace, '}');

/**
 * Words are told apart by their characters as base-64 digits: the first
 * eight make one number (`hi`), the next eight another (`lo`), each exact in
 * a double; with the length, the pair is the word itself for words of up to
 * 16 characters (every keyword, and most names). The word loop computes
 * them as it goes, so a keyword is recognized, and a name seen before is
 * found with its text, without cutting the text out of the source, hashing
 * it for a map or comparing characters again.
 */
const NOT_WORD = 255;
const wordDigits = new Uint8Array(128).fill(NOT_WORD);
for (const [i, ch] of [...'-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'].entries()) {
  wordDigits[ch.charCodeAt(0)] = i;
}
/** The longest word whose digits identify it exactly. */
const EXACT_WORD = 16;

/**
 * A direct-mapped table of words by `wordSlot`: every keyword, each in a slot
 * of its own that it keeps, and in the other slots the name last seen there
 * (with its text), so the same names in a file share one string.
 */
const WORD_SLOTS = 4096;
const wordHi = new Float64Array(WORD_SLOTS);
const wordLo = new Float64Array(WORD_SLOTS);
const wordLength = new Uint8Array(WORD_SLOTS);
const wordKinds: (Kind | undefined)[] = new Array(WORD_SLOTS).fill(undefined);
const wordPinned = new Uint8Array(WORD_SLOTS);

/** The digits of a word of at most 16 characters: [hi, lo]. */
function wordValue(text: string): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < text.length; k++) {
    const w = wordDigits[text.charCodeAt(k)] as number;
    if (k < 8) hi = hi * 64 + w;
    else lo = lo * 64 + w;
  }
  return [hi, lo];
}

/** A multiplier under which every keyword has a slot of its own (found once, at load). */
let wordMultiplier = 0x9e3779b1 | 0;
function wordSlot(hi: number, lo: number, length: number): number {
  // `hi | 0` keeps the low 32 bits (the last five characters of eight): the rest of `hi` is mixed in too.
  const top = (hi / 0x100000000) | 0;
  return Math.imul((hi | 0) ^ Math.imul(top ^ (lo | 0), 0x2c1b3c6d) ^ length, wordMultiplier) >>> 20;
}
for (let tries = 0; ; tries++) {
  if (tries === 1000) throw new Error('no keyword table without collisions');
  const slots = new Set<number>();
  for (const text of keywordByText.keys()) {
    const [hi, lo] = wordValue(text);
    slots.add(wordSlot(hi, lo, text.length));
  }
  if (slots.size === keywordByText.size) break;
  wordMultiplier = (wordMultiplier + 0x3c6ef372) | 1;
}
for (const [text, type] of keywordByText) {
  if (text.length > EXACT_WORD) throw new Error(`keyword "${text}" is longer than ${EXACT_WORD} characters`);
  const [hi, lo] = wordValue(text);
  const slot = wordSlot(hi, lo, text.length);
  wordHi[slot] = hi;
  wordLo[slot] = lo;
  wordLength[slot] = text.length;
  wordKinds[slot] = kind(type, text);
  wordPinned[slot] = 1;
}

/** `‘`, `’`, `“` or `”`. */
function isTypographicQuote(c: number): boolean {
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// What a character starts, by char code (characters from 128 on: see `scanInto`).
const A_ERROR = 0;
const A_SPACE = 1;
const A_WORD = 2;
const A_R = 3; // `r`: a word or a raw string
const A_STRING = 4;
const A_QUOTE = 5; // `'` (the default case)
const A_MINUS = 6;
const A_DIGIT = 7;
const A_DOT = 8;
const A_HASH = 9;
const A_SLASH = 10;
const A_OPERATOR = 11; // `>`, `<` or `=`
const A_BANG = 12;
const A_PUNCTUATION = 13;
const A_DOLLAR = 14;
const actions = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const k = classes[c] as number;
  actions[c] =
    (k & SPACE) !== 0
      ? A_SPACE
      : c === 114
        ? A_R
        : (k & WORD_START) !== 0
          ? A_WORD
          : (k & DIGIT) !== 0
            ? A_DIGIT
            : punctuation[c] !== undefined
              ? A_PUNCTUATION
              : c === 34
                ? A_STRING
                : c === 39
                  ? A_QUOTE
                  : c === 45
                    ? A_MINUS
                    : c === 46
                      ? A_DOT
                      : c === 35
                        ? A_HASH
                        : c === 47
                          ? A_SLASH
                          : c === 62 || c === 60 || c === 61
                            ? A_OPERATOR
                            : c === 33
                              ? A_BANG
                              : c === 36
                                ? A_DOLLAR
                                : A_ERROR;
}
/** Characters a string's fast path stops at (`"`, `\` and control characters; surrogates are tested apart). */
const stringStops = new Uint8Array(128);
for (let c = 0; c < 32; c++) stringStops[c] = 1;
stringStops[34] = 1;
stringStops[92] = 1;

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
  const end = scanInto(text, start, maxTokens, tokens, comments, errors, checks);
  return { tokens, comments, errors, checks, end };
}

/**
 * `scan`, appending to the given lists (indices in `checks` are into
 * `tokens` as it grows) and stopping once `tokens` holds `maxTokens`
 * tokens; returns where scanning stopped. Scanning is the same from any
 * token's start (nothing looks back), so scanning on from where a scan
 * stopped adds exactly what one longer scan would have found.
 *
 * `count` is how many tokens `tokens` holds when that is less than its
 * length: a caller may pass an array made `new Array(size)`, with room for
 * the tokens it wants (pushing grows an array a little at a time, copying it
 * each time). Tokens are written from `count` on, and the length is then
 * set to the number of tokens.
 */
export function scanInto(
  text: string,
  start: number,
  maxTokens: number,
  tokens: IToken[],
  comments: IToken[],
  errors: ScanError[],
  checks: number[],
  count: number = tokens.length,
): number {
  const n = text.length;
  let errorStart = -1;
  let i = start;
  const initial = count;
  while (i < n) {
    if (count >= maxTokens) {
      // Stop right after the last token (not after a space skipped with it).
      if (count > initial) {
        const last = tokens[count - 1] as IToken;
        i = last.startOffset + last.image.length;
      }
      break;
    }
    const c = text.charCodeAt(i);
    let j = i + 1;
    let type: Kind;
    switch (c < 128 ? (actions[c] as number) : c === 0xa0 || c === 0xfeff ? A_SPACE : A_ERROR) {
      case A_SPACE: {
        // Whitespace (skipped).
        if (errorStart >= 0) {
          errors.push({ offset: errorStart, length: i - errorStart });
          errorStart = -1;
        }
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d < 128 ? ((classes[d] as number) & SPACE) === 0 : d !== 0xa0 && d !== 0xfeff) break;
          j++;
        }
        i = j;
        continue;
      }
      case A_R:
      case A_WORD: {
        if (c === 114 && text.charCodeAt(j) === 34) {
          j++;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === 34 || d === 10 || d === 13) break;
            j++;
          }
          if (j < n && text.charCodeAt(j) === 34) {
            j++;
            type = K_RawString;
          } else {
            type = K_UnterminatedRawString;
          }
          break;
        }
        // Words and keywords.
        let hi = wordDigits[c] as number;
        let lo = 0;
        const cut = i + 8;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d >= 128) break;
          const w = wordDigits[d] as number;
          if (w === NOT_WORD) break;
          if (j < cut) hi = hi * 64 + w;
          else lo = lo * 64 + w;
          j++;
        }
        const length = j - i;
        if (length > EXACT_WORD) {
          type = K_Identifier;
          break;
        }
        const slot = wordSlot(hi, lo, length);
        const known = wordKinds[slot];
        if (known !== undefined && wordHi[slot] === hi && wordLo[slot] === lo && wordLength[slot] === length) {
          type = known;
        } else if (wordPinned[slot] === 1) {
          type = K_Identifier;
        } else {
          type = new Kind(Identifier, text.slice(i, j), false);
          wordHi[slot] = hi;
          wordLo[slot] = lo;
          wordLength[slot] = length;
          wordKinds[slot] = type;
        }
        break;
      }
      case A_STRING: {
        // A fast path for the common case (closed on its line, no escape, control character or
        // surrogate: nothing for the lexer to check), a loop for the rest.
        let d = 0;
        while (j < n) {
          d = text.charCodeAt(j);
          if (d < 128 ? stringStops[d] === 1 : (d & 0xf800) === 0xd800) break;
          j++;
        }
        if (j < n && d === 34) {
          j++;
          type = K_String;
          break;
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
          j++;
          type = K_StringChecked;
        } else {
          type = K_UnterminatedString;
        }
        break;
      }
      case A_DIGIT:
        type = K_Number;
        j = numberEnd(text, i, n);
        break;
      case A_PUNCTUATION:
        type = punctuation[c] as Kind;
        break;
      case A_OPERATOR: {
        const two = text.charCodeAt(j) === 61;
        type =
          c === 62
            ? two
              ? K_GreaterEqual
              : K_Greater
            : c === 60
              ? two
                ? K_LessEqual
                : K_Less
              : two
                ? K_EqualEqual
                : K_Equals;
        if (two) j++;
        break;
      }
      case A_MINUS: {
        const next = text.charCodeAt(j);
        if (next === 62) {
          j++;
          type = K_Arrow;
        } else if (isDigit(next) || (next === 46 && isDigit(text.charCodeAt(j + 1)))) {
          type = K_Number;
          j = numberEnd(text, i, n);
        } else {
          if (errorStart < 0) errorStart = i;
          i = j;
          continue;
        }
        break;
      }
      case A_DOT:
        if (isDigit(text.charCodeAt(j))) {
          type = K_Number;
          j = numberEnd(text, i, n);
        } else {
          type = K_Dot;
        }
        break;
      case A_SLASH:
      case A_HASH: {
        if (c === 47 && text.charCodeAt(j) !== 47) {
          if (errorStart < 0) errorStart = i;
          i = j;
          continue;
        }
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 10 || d === 13) break;
          j++;
        }
        if (errorStart >= 0) {
          errors.push({ offset: errorStart, length: i - errorStart });
          errorStart = -1;
        }
        comments.push(new ScannedToken(text.slice(i, j), i, Comment, K_Comment.idx));
        i = j;
        continue;
      }
      case A_BANG:
        if (text.charCodeAt(j) !== 61) {
          if (errorStart < 0) errorStart = i;
          i = j;
          continue;
        }
        j++;
        type = K_NotEqual;
        break;
      case A_DOLLAR:
        if (text.charCodeAt(j) !== 123) {
          if (errorStart < 0) errorStart = i;
          i = j;
          continue;
        }
        j++;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 125 || d === 10 || d === 13) break;
          j++;
        }
        if (j < n && text.charCodeAt(j) === 125) j++;
        type = K_TemplateOutsideString;
        break;
      default: {
        // A string in single or typographic quotes, closed on its line (reported by the lexer).
        if (c === 39 || isTypographicQuote(c)) {
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === 10 || d === 13 || (c === 39 ? d === 39 : isTypographicQuote(d))) break;
            j++;
          }
          if (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) {
            j++;
            type = K_MisquotedString;
            break;
          }
        }
        // Nothing starts here: extend the current error run.
        if (errorStart < 0) errorStart = i;
        i++;
        continue;
      }
    }
    if (errorStart >= 0) {
      errors.push({ offset: errorStart, length: i - errorStart });
      errorStart = -1;
    }
    if (type.checked) checks.push(count);
    // Fixed-text tokens share one image string: fewer strings that live as long as the tokens.
    tokens[count++] = new ScannedToken(type.image ?? text.slice(i, j), i, type.type, type.idx);
    // Most tokens are followed by one space: skip it here rather than by a turn of the loop.
    i = text.charCodeAt(j) === 32 ? j + 1 : j;
  }
  if (errorStart >= 0) errors.push({ offset: errorStart, length: i - errorStart });
  tokens.length = count;
  return i;
}

/** The end of the number token that starts at `i` (loose: the lexer checks it). */
function numberEnd(text: string, i: number, n: number): number {
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
  return j;
}
