import type { IToken } from 'chevrotain';
import type { Comment } from './ast.js';
import { type ScanError, scanInto } from './scanner.js';
import type { Diagnostic } from './diagnostic.js';
import {
  MisquotedString,
  NumberToken,
  RawString,
  StringToken,
  TemplateOutsideString,
  UnterminatedRawString,
  UnterminatedString,
} from './tokens.js';

/** What `tokenize` returns: tokens for the parser, comments for the formatter. */
export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Whether `s` is a number in JSON form, the only one the language accepts
 * (and the only spelling the SDK's serializer writes):
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. A loop, not that regex:
 * the lexer checks every number token, and this costs a fraction of a match.
 */
export function isJsonNumber(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const first = s.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) i = digitsFrom(s, i + 1);
  else return false;
  if (i < n && s.charCodeAt(i) === 46) {
    const start = i + 1;
    i = digitsFrom(s, start);
    if (i === start) return false;
  }
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
    const start = i;
    i = digitsFrom(s, start);
    if (i === start) return false;
  }
  return i === n;
}

/** The index after the run of ASCII digits that starts at `i`. */
function digitsFrom(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}

/**
 * Splits text into tokens. Never throws: characters that start no token,
 * unterminated strings, strings in single or typographic quotes, bad
 * escapes and malformed numbers become diagnostics, and the token stream
 * stays usable for the parser.
 */
export function tokenize(text: string): LexResult {
  return lexChunk(text, 0, Number.POSITIVE_INFINITY);
}

/** A lexed stretch of text and where lexing stopped. */
export interface LexChunk extends LexResult {
  /** The offset after the last token lexed (the text's length when all of it was lexed). */
  readonly end: number;
}

/** Lexes from `start`, stopping after `maxTokens` tokens (the parser lexes big files in chunks). */
export function lexChunk(text: string, start: number, maxTokens: number): LexChunk {
  const tokens: IToken[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  const end = lexInto(text, start, maxTokens, tokens, comments, diagnostics);
  return { tokens, comments, diagnostics, end };
}

/**
 * Lexes from `start` onto the ends of `tokens`, `comments` and
 * `diagnostics`, stopping once `tokens` holds `maxTokens` tokens; returns
 * where lexing stopped (the offset after the last token, or the text's
 * length). Lexing on from there adds what one longer `lexChunk` would have
 * found (the diagnostics in another order, which sorting by offset undoes).
 * `count`: how many tokens `tokens` holds, when made with room for more (see `scanInto`).
 */
export function lexInto(
  text: string,
  start: number,
  maxTokens: number,
  tokens: IToken[],
  comments: Comment[],
  diagnostics: Diagnostic[],
  count: number = tokens.length,
): number {
  const errors: ScanError[] = [];
  const checks: number[] = [];
  const scannedComments: IToken[] = [];
  const end = scanInto(text, start, maxTokens, tokens, scannedComments, errors, checks, count);
  for (const error of errors) {
    const ch = text.codePointAt(error.offset) ?? 0;
    const shown =
      ch < 0x20 || ch === 0x7f ? `U+${ch.toString(16).toUpperCase().padStart(4, '0')}` : String.fromCodePoint(ch);
    diagnostics.push({
      code: 'WR1001',
      severity: 'error',
      message: `unexpected character "${shown}", which cannot start any part of a rule`,
      span: { start: error.offset, end: error.offset + Math.max(1, error.length) },
    });
  }
  // Only the tokens the scanner could not vouch for (most are well-formed as scanned).
  for (const i of checks) {
    const token = tokens[i] as IToken;
    const type = token.tokenType;
    if (type === StringToken) {
      const image = token.image;
      // Fast path: most strings have no escapes and no control characters.
      if (needsStringCheck(image)) checkString(image, token.startOffset, diagnostics);
    } else if (type === NumberToken) {
      if (!isJsonNumber(token.image)) {
        diagnostics.push({
          code: 'WR1006',
          severity: 'error',
          message: `"${token.image}" is not a number the language accepts`,
          span: tokenSpan(token),
          hints: ['Write numbers in JSON form: 3, -0.5, 1.5e-7 (no leading zeros, no trailing dot).'],
        });
      }
    } else if (type === UnterminatedString || type === UnterminatedRawString) {
      diagnostics.push({
        code: 'WR1002',
        severity: 'error',
        message: 'this string has no closing quote on its line',
        span: tokenSpan(token),
        hints: ['Strings end on the line they start; write a line break as \\n.'],
      });
    } else if (type === MisquotedString) {
      diagnostics.push(misquoted(token));
    } else if (type === TemplateOutsideString) {
      diagnostics.push({
        code: 'WR1107',
        severity: 'error',
        message: `the template variable "${token.image}" must stand inside a JSON string`,
        span: tokenSpan(token),
        hints: [`Quote it: "${token.image}".`],
        fixes: [
          {
            title: 'Quote the template variable',
            edits: [{ span: tokenSpan(token), newText: JSON.stringify(token.image) }],
          },
        ],
      });
    } else if (type === RawString && hasLoneSurrogate(token.image)) {
      diagnostics.push(loneSurrogate(token.startOffset, token.startOffset + token.image.length));
    }
  }
  for (const c of scannedComments) comments.push({ kind: 'Comment', text: c.image, span: tokenSpan(c) });
  return end;
}

/** WR1007 for a string in single or typographic quotes, with its double-quoted spelling. */
function misquoted(token: IToken): Diagnostic {
  const image = token.image;
  // A `"` inside becomes `\"`; escapes already written stay as they are.
  const corrected = `"${image.slice(1, -1).replace(/(?<!\\)"/g, '\\"')}"`;
  const single = image.startsWith("'");
  return {
    code: 'WR1007',
    severity: 'error',
    message: single
      ? 'strings use double quotes, not single quotes'
      : 'strings use straight double quotes ("), not typographic quotes',
    span: tokenSpan(token),
    hints: [`Write ${corrected}.`],
    fixes: [{ title: `Write ${corrected}`, edits: [{ span: tokenSpan(token), newText: corrected }] }],
  };
}

/** The half-open span of a token (Chevrotain's `endOffset` is inclusive). */
export function tokenSpan(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function needsStringCheck(image: string): boolean {
  for (let i = 1; i < image.length - 1; i++) {
    const c = image.charCodeAt(i);
    if (c === 92 || c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** The code unit each one-letter escape stands for, by the character after the backslash. */
const simpleEscapes: Readonly<Record<string, number>> = {
  '"': 0x22,
  '\\': 0x5c,
  '/': 0x2f,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
};

/** Validates a double-quoted string's escapes and characters, reporting at exact offsets. */
function checkString(image: string, offset: number, out: Diagnostic[]): void {
  const decoded = decodeJsonString(image);
  for (const problem of decoded.problems) {
    // Fix edits are relative to the image too.
    const fixes = problem.fixes?.map((fix) => ({
      ...fix,
      edits: fix.edits.map((e) => ({ ...e, span: { start: offset + e.span.start, end: offset + e.span.end } })),
    }));
    out.push({
      ...problem,
      span: { start: offset + problem.span.start, end: offset + problem.span.end },
      ...(fixes === undefined ? {} : { fixes }),
    });
  }
}

/** A decoded string and what was wrong with it (spans relative to the image). */
export interface DecodedString {
  readonly value: string;
  readonly problems: Diagnostic[];
}

/**
 * Decodes the image of a double-quoted string (quotes included) with JSON
 * escapes. Problems are reported with spans relative to the image.
 */
export function decodeJsonString(image: string): DecodedString {
  const problems: Diagnostic[] = [];
  const end = image.endsWith('"') && image.length >= 2 ? image.length - 1 : image.length;
  // The value's code units, made a string once at the end: adding characters
  // to a string one by one builds a rope as long as the string, which a long
  // string of escapes makes ever slower per character (and eight times
  // slower than this even when short).
  const units = new Uint16Array(Math.max(0, end - 1));
  let length = 0;
  let i = 1;
  while (i < end) {
    const c = image.charCodeAt(i);
    if (c === 92) {
      const next = image[i + 1];
      if (next === 'u') {
        const hex = image.slice(i + 2, i + 6);
        if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
          units[length++] = Number.parseInt(hex, 16);
          i += 6;
          continue;
        }
        problems.push({
          code: 'WR1003',
          severity: 'error',
          message: 'a "\\u" escape needs exactly four hexadecimal digits',
          span: { start: i, end: Math.min(end, i + 2 + hex.replace(/[^0-9A-Fa-f].*$/, '').length) },
          hints: ['Write it as \\u00e9, or write a literal backslash as \\\\.'],
        });
        i += 2;
        continue;
      }
      const simple = next === undefined ? undefined : simpleEscapes[next];
      if (simple !== undefined) {
        units[length++] = simple;
        i += 2;
        continue;
      }
      const shown = next === undefined ? '\\' : `\\${next}`;
      problems.push({
        code: 'WR1003',
        severity: 'error',
        message: `"${shown}" is not a valid escape in a string`,
        span: { start: i, end: Math.min(end, i + 2) },
        hints: [
          `Write a literal backslash as "\\\\" ("${shown.replace('\\', '\\\\')}"), or use a raw string r"..." whose backslashes are literal.`,
        ],
        fixes: [{ title: 'Escape the backslash', edits: [{ span: { start: i, end: i + 1 }, newText: '\\\\' }] }],
      });
      if (next !== undefined) units[length++] = next.charCodeAt(0);
      i += 2;
      continue;
    }
    if (c < 0x20) {
      const name = c === 9 ? '\\t' : `\\u${c.toString(16).padStart(4, '0')}`;
      problems.push({
        code: 'WR1005',
        severity: 'error',
        message: `a raw control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}) cannot stand inside a string`,
        span: { start: i, end: i + 1 },
        hints: [`Write it as the escape "${name}".`],
      });
    }
    units[length++] = c;
    i++;
  }
  const value = unitsToString(units, length);
  // Lone surrogates, written raw or as \u escapes, cannot be sent as UTF-8.
  for (let k = 0; k < value.length; k++) {
    const u = value.charCodeAt(k);
    if (u >= 0xd800 && u <= 0xdbff) {
      const v = value.charCodeAt(k + 1);
      if (v >= 0xdc00 && v <= 0xdfff) {
        k++;
        continue;
      }
    } else if (!(u >= 0xdc00 && u <= 0xdfff)) {
      continue;
    }
    problems.push(loneSurrogate(0, image.length));
    break;
  }
  return { value, problems };
}

/** The first `length` code units as a string, a chunk at a time (one call with them all would overflow the stack). */
function unitsToString(units: Uint16Array, length: number): string {
  const chunk = 8192;
  if (length <= chunk) return String.fromCharCode(...units.subarray(0, length));
  const pieces: string[] = [];
  for (let k = 0; k < length; k += chunk) {
    pieces.push(String.fromCharCode(...units.subarray(k, Math.min(length, k + chunk))));
  }
  return pieces.join('');
}

function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

function loneSurrogate(start: number, end: number): Diagnostic {
  return {
    code: 'WR1004',
    severity: 'error',
    message: 'this string contains a lone UTF-16 surrogate, which cannot be sent as UTF-8',
    span: { start, end },
    hints: ['Write a character outside the Basic Multilingual Plane as a surrogate pair, e.g. "\\ud83d\\ude00".'],
  };
}

/** The decoded value of a string token (`"..."` or `r"..."`), tolerant of malformed input. */
export function stringValue(token: IToken): string {
  const image = token.image;
  const type = token.tokenType;
  if (type === RawString) return image.slice(2, -1);
  if (type === UnterminatedRawString) return image.slice(2);
  if (type === TemplateOutsideString) return image;
  if (type === MisquotedString) return image.slice(1, -1);
  if (type === StringToken && !needsStringCheck(image)) return image.slice(1, -1);
  return decodeJsonString(image).value;
}
