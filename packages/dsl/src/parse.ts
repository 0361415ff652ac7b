import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Comment, Document, TopLevelItem } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { FastParser, maxNestingDepth, NestingLimitError } from './fast-parser.js';
// Loaded at start-up in the browser and in tests; the CLI's bundle loads it (and Chevrotain) only when
// `grammarParser()` first runs: on the first item the fast path gives up on (scripts/bundle-cli.mjs).
import { WbrulesParser } from './grammar-parser.js';
import { lexInto, tokenSpan } from './lexer.js';
import { Comma, Equals, isNameToken, keywords as K, RawString, RBrace, RBracket, StringToken } from './tokens.js';

/** Options for `parse`. */
export interface ParseOptions {
  /** The file name diagnostics carry (for rendering); not read. */
  readonly file?: string;
  /**
   * Tokens lexed per chunk (default 4,096). Only speed depends on it: the
   * result is the same for every value (a test holds tiny chunks equal to one).
   */
  readonly chunkTokens?: number;
}

/** What `parse` returns: always an AST (possibly partial) and every diagnostic found. */
export interface ParseResult {
  readonly ast: Document;
  readonly diagnostics: readonly Diagnostic[];
}

/** The process's fast path (see `parseTokens`). */
let sharedFast: FastParser | undefined;
/** The process's Chevrotain parser, built when first needed. */
let sharedParser: WbrulesParser | undefined;
/** The parser `withGrammarParser` put in place of those two. */
let replaced: WbrulesParser | undefined;

/**
 * The one Chevrotain parser instance of the process (building it runs
 * Chevrotain's grammar analysis: a parse builds it only on the first item
 * the fast path gives up on).
 */
export function grammarParser(): WbrulesParser {
  if (replaced !== undefined) return replaced;
  sharedParser ??= new WbrulesParser({ fast: fastParser() });
  return sharedParser;
}

/** The fast path the parse uses: the process's, or that of the parser `withGrammarParser` put in place. */
function fastParser(): FastParser {
  if (replaced !== undefined) return replaced.fast;
  sharedFast ??= new FastParser();
  return sharedFast;
}

/** For tests: runs `fn` with `parser` as the process's parser (e.g. one built with `validate`). */
export function withGrammarParser<T>(parser: WbrulesParser, fn: () => T): T {
  const saved = replaced;
  replaced = parser;
  try {
    return fn();
  } finally {
    replaced = saved;
  }
}

/**
 * How many tokens the parser lexes at a time. Big files are lexed and parsed
 * in chunks split where an item starts, so each chunk's tokens die young
 * instead of all living until the end of the parse (which made garbage
 * collection the largest cost on multi-megabyte files).
 */
const chunkTokens = 4096;

/**
 * Parses `.wbrules` text. Never throws on any input: syntax errors become
 * diagnostics and the returned AST holds every item that parsed. After an
 * error, parsing resumes at the next token that can start an item, so each
 * broken rule is reported once and the rules around it still parse.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const items: TopLevelItem[] = [];
  const comments: Comment[] = [];
  const diagnostics = parseInChunks(text, options, (chunk) => {
    for (const item of chunk.items) items.push(item);
    for (const c of chunk.comments) comments.push(c);
  });
  return {
    ast: { kind: 'Document', items, comments, span: { start: 0, end: text.length } },
    diagnostics,
  };
}

/** One chunk of a document, as {@link parseInChunks} hands it over. */
export interface ParsedChunk {
  /** The chunk's top-level items, in file order. */
  readonly items: readonly TopLevelItem[];
  /** The comments among them, in file order. */
  readonly comments: readonly Comment[];
}

/**
 * Parses like {@link parse}, but hands the items over chunk by chunk (in file
 * order) instead of building one `Document`, and returns the diagnostics
 * (exactly `parse`'s). A caller that processes each chunk and lets it go
 * never holds a big file's whole AST: `compile` works this way. `onChunk`
 * runs between chunks and may itself call `parse`.
 */
export function parseInChunks(
  text: string,
  options: ParseOptions,
  onChunk: (chunk: ParsedChunk) => void,
): readonly Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const chunkSize = Math.max(1, options.chunkTokens ?? chunkTokens);
  fastParser().clearInterned();
  // The tokens lexed and not yet parsed, with their comments and lexical
  // diagnostics, and where lexing stopped. A chunk ends where its last item
  // starts; the tokens from there on begin the next chunk as they are, and
  // lexing goes on where it stopped (it is the same from any token's start),
  // so no text is lexed twice.
  let tokens: IToken[] = [];
  let comments: Comment[] = [];
  let lexical: Diagnostic[] = [];
  let lexed = 0;
  let limit = chunkSize;
  for (;;) {
    if (tokens.length < limit) {
      // An array with room for the whole chunk, the waiting tokens first: filled in place, never grown
      // (up to a bound: `new Array` of a huge length makes a slow sparse array; past it the array grows).
      const room: IToken[] = new Array(Math.max(tokens.length, Math.min(limit, 1 << 16)));
      for (let k = 0; k < tokens.length; k++) room[k] = tokens[k] as IToken;
      lexed = lexInto(text, lexed, limit, room, comments, lexical, tokens.length);
      tokens = room;
    }
    const last = lexed >= text.length || tokens.length < limit;
    const split = last ? -1 : lastItemStart(tokens);
    if (!last && split <= 0) {
      // No item starts in this chunk (one huge rule): lex a bigger one.
      limit = tokens.length * 2;
      continue;
    }
    // The chunk's tokens are the array's first `split`: the rest wait, out of it, while it is parsed.
    const rest = last ? [] : tokens.slice(split);
    if (!last) tokens.length = split;
    const parsed = parseTokens(tokens, text, last ? undefined : split);
    if (parsed === undefined) {
      // The chunk's last item ran into the chunk's end: lex a bigger chunk.
      for (const t of rest) tokens.push(t);
      limit = tokens.length * 2;
      continue;
    }
    if (last) {
      for (const d of lexical) diagnostics.push(d);
      for (const d of parsed.diagnostics) diagnostics.push(d);
      onChunk({ items: parsed.items, comments });
      break;
    }
    const end = (rest[0] as IToken).startOffset;
    const restComments: Comment[] = [];
    const restLexical: Diagnostic[] = [];
    const chunkComments: Comment[] = [];
    for (const c of comments) (c.span.start < end ? chunkComments : restComments).push(c);
    for (const d of lexical) {
      if (d.span.start < end) diagnostics.push(d);
      else restLexical.push(d);
    }
    for (const d of parsed.diagnostics) diagnostics.push(d);
    onChunk({ items: parsed.items, comments: chunkComments });
    tokens = rest;
    comments = restComments;
    lexical = restLexical;
    limit = chunkSize;
    if (tokens.length > limit) {
      // More tokens wait than a chunk holds (a chunk grown for a huge rule): keep a chunk's worth, as if
      // lexed anew from the first of them, and lex the rest again.
      tokens.length = limit;
      const lastKept = tokens[limit - 1] as IToken;
      lexed = lastKept.startOffset + lastKept.image.length;
      comments = comments.filter((c) => c.span.start < lexed);
      lexical = lexical.filter((d) => d.span.start < lexed);
    }
  }
  fastParser().clearInterned();
  dropEchoes(diagnostics);
  if (options.file !== undefined) {
    for (let i = 0; i < diagnostics.length; i++)
      diagnostics[i] = { ...(diagnostics[i] as Diagnostic), file: options.file };
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return diagnostics;
}

/**
 * Removes a syntax error reported at a token the lexer already reported
 * (a `${x}` outside a string, a malformed number): one problem, one message.
 */
function dropEchoes(diagnostics: Diagnostic[]): void {
  const lexical = new Set<number>();
  for (const d of diagnostics) if (d.code < 'WR1100') lexical.add(d.span.start);
  if (lexical.size === 0) return;
  let kept = 0;
  for (const d of diagnostics) {
    if ((d.code === 'WR1101' || d.code === 'WR1102') && lexical.has(d.span.start)) continue;
    diagnostics[kept++] = d;
  }
  diagnostics.length = kept;
}

const headerKeywords = new Set([K.automation, K.description, K.disabled]);

/**
 * The index of the last token at which a new item surely starts: `on` or a
 * header keyword right after a token that can end an item (a name, a string,
 * `nothing` or `}`), and not inside a rule's header. -1 if there is none.
 */
function lastItemStart(tokens: IToken[]): number {
  for (let i = tokens.length - 1; i > 0; i--) {
    const type = (tokens[i] as IToken).tokenType;
    if (type !== K.on && !headerKeywords.has(type)) continue;
    const prev = tokens[i - 1] as IToken;
    const p = prev.tokenType;
    if (isNameToken(p) || p === K.nothing || p === RBrace) return i;
    if (p === StringToken || p === RawString) {
      const before = tokens[i - 2];
      if (before === undefined || !headerKeywords.has(before.tokenType)) return i;
    }
  }
  return -1;
}

/**
 * Parses one chunk of tokens. Returns undefined when `chunkEnd` is given (the
 * chunk is not the file's last) and an item failed at the chunk's end: that
 * item continues in the next chunk, so the caller retries with a bigger one.
 *
 * The fast path (`fast-parser.ts`) takes the items first; from the first
 * item it gives up on, the Chevrotain rules parse (and report every syntax
 * error), so a well-formed chunk never needs the Chevrotain parser.
 */
function parseTokens(
  tokens: IToken[],
  text: string,
  chunkEnd: number | undefined,
): { items: TopLevelItem[]; diagnostics: Diagnostic[] } | undefined {
  const fast = fastParser();
  fast.softDiagnostics = [];
  const items: TopLevelItem[] = [];
  const at = replaced === undefined || replaced.fastPath ? fast.items(tokens, 0, items) : 0;
  if (at >= tokens.length) return { items, diagnostics: fast.softDiagnostics };
  const parser = grammarParser();
  parser.input = tokens;
  parser.items = items;
  if (at > 0) parser.seek(at - 1);
  const diagnostics: Diagnostic[] = [];
  let resumedAt = 0;
  for (;;) {
    let failedAt: IToken | undefined;
    let nesting: Diagnostic | undefined;
    try {
      parser.document();
    } catch (error) {
      if (!(error instanceof NestingLimitError)) throw error;
      failedAt = error.token;
      nesting = {
        code: 'WR1105',
        severity: 'error',
        message: `this filter or payload nests more than ${maxNestingDepth} levels deep`,
        span: tokenSpan(error.token),
        hints: ['Flatten the expression: "a and b and c" needs no parentheses.'],
      };
    }
    const errors = parser.errors;
    parser.errors = [];
    if (failedAt === undefined) {
      const first = errors[0];
      if (first === undefined) break;
      failedAt = first.token;
      if (chunkEnd !== undefined && indexOfToken(tokens, failedAt) >= chunkEnd) return undefined;
      diagnostics.push(syntaxDiagnostic(first, tokens, text));
    } else if (nesting !== undefined) {
      diagnostics.push(nesting);
    }
    // Resume after the broken item: it began after the last item that parsed (or where we last resumed).
    const itemStart = Math.max(resumedAt, indexAfter(tokens, parser.items.at(-1)));
    const next = resyncIndex(tokens, itemStart, indexOfToken(tokens, failedAt));
    if (next >= tokens.length) break;
    resumedAt = next;
    parser.seek(next - 1);
  }
  for (const d of parser.softDiagnostics) diagnostics.push(d);
  return { items: parser.items, diagnostics };
}

function syntaxDiagnostic(error: IRecognitionException, tokens: IToken[], text: string): Diagnostic {
  const token = error.token;
  if (isEndOfInput(token)) {
    const last = tokens.at(-1);
    const at = last === undefined ? text.length : last.startOffset + last.image.length;
    return { code: 'WR1102', severity: 'error', message: error.message, span: { start: at, end: at } };
  }
  return (
    trailingComma(error, tokens) ?? {
      code: 'WR1101',
      severity: 'error',
      message: error.message,
      span: tokenSpan(token),
    }
  );
}

/** What a comma before the closer is in each construct that closes with `}` or `]`. */
const trailingCommaIn: Readonly<Record<string, { closer: TokenType; message: string }>> = {
  jsonObject: { closer: RBrace, message: 'JSON allows no trailing comma after the last member of an object' },
  jsonArray: { closer: RBracket, message: 'JSON allows no trailing comma after the last element of an array' },
  list: { closer: RBracket, message: 'a list allows no trailing comma after its last value' },
};

/**
 * WR1108 when the parser stopped at the `}` or `]` closing the innermost
 * payload object, array or list right after a comma: the comma is the
 * mistake, not the closer, so that is where the error points.
 */
function trailingComma(error: IRecognitionException, tokens: IToken[]): Diagnostic | undefined {
  const closer = error.token;
  const i = indexOfToken(tokens, closer);
  const comma = tokens[i - 1];
  if (comma === undefined || comma.tokenType !== Comma || tokens[i] !== closer) return undefined;
  const rules = error.context.ruleStack;
  let found: (typeof trailingCommaIn)[string] | undefined;
  for (let r = rules.length - 1; r >= 0 && found === undefined; r--) found = trailingCommaIn[rules[r] as string];
  if (found === undefined || found.closer !== closer.tokenType) return undefined;
  const span = tokenSpan(comma);
  return {
    code: 'WR1108',
    severity: 'error',
    message: found.message,
    span,
    hints: [`Remove the "," before "${closer.image}".`],
    fixes: [{ title: 'Remove the trailing comma', edits: [{ span, newText: '' }] }],
  };
}

/** The index of the first token after an item (0 when there is none). */
function indexAfter(tokens: IToken[], item: TopLevelItem | undefined): number {
  if (item === undefined) return 0;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as IToken).startOffset < item.span.end) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `token` is Chevrotain's end of input (its EOF token, at no offset). */
function isEndOfInput(token: IToken): boolean {
  return Number.isNaN(token.startOffset);
}

/** The index of a token in the stream (binary search by offset); the stream's length for EOF. */
function indexOfToken(tokens: IToken[], token: IToken): number {
  if (isEndOfInput(token)) return tokens.length;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const offset = (tokens[mid] as IToken).startOffset;
    if (offset === token.startOffset) return mid;
    if (offset < token.startOffset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}

const scopeKeywords = new Set([K.project, K.registry, K.collection, K.team, K.org]);

/**
 * Where parsing resumes after an error in the item that began at `start` and
 * failed at `failed`: the first token from the failure on that can start a
 * new item. `in <scope>` counts only once the broken rule's `->` was seen,
 * since before that it is most likely the rule's own scope.
 */
function resyncIndex(tokens: IToken[], start: number, failed: number): number {
  let seenArrow = false;
  for (let i = start; i < failed && i < tokens.length; i++) {
    if ((tokens[i] as IToken).image === '->') seenArrow = true;
  }
  for (let i = Math.max(failed, start + 1); i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    const type = t.tokenType;
    if (type === K.on || type === K.automation || type === K.description || type === K.disabled) return i;
    if (type === K.webhook || type === K.slack) {
      const name = tokens[i + 1]?.tokenType;
      if (name !== undefined && isNameToken(name) && tokens[i + 2]?.tokenType === Equals) return i;
    } else if (type === K.in) {
      const after = tokens[i + 1];
      if (seenArrow && after !== undefined && scopeKeywords.has(after.tokenType)) return i;
    }
    if (t.image === '->') seenArrow = true;
  }
  return tokens.length;
}
