import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { Document, TopLevelItem } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { maxNestingDepth, NestingLimitError, WbrulesParser } from './grammar-parser.js';
import { tokenize, tokenSpan } from './lexer.js';
import { Equals, Identifier, keywords as K } from './tokens.js';

/** Options for `parse`. */
export interface ParseOptions {
  /** The file name diagnostics carry (for rendering); not read. */
  readonly file?: string;
}

/** What `parse` returns: always an AST (possibly partial) and every diagnostic found. */
export interface ParseResult {
  readonly ast: Document;
  readonly diagnostics: readonly Diagnostic[];
}

let sharedParser: WbrulesParser | undefined;

/** The one parser instance of the process (building it runs Chevrotain's grammar analysis). */
export function grammarParser(): WbrulesParser {
  sharedParser ??= new WbrulesParser();
  return sharedParser;
}

/**
 * Parses `.wbrules` text. Never throws on any input: syntax errors become
 * diagnostics and the returned AST holds every item that parsed. After an
 * error, parsing resumes at the next token that can start an item, so each
 * broken rule is reported once and the rules around it still parse.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const lexed = tokenize(text);
  const tokens = lexed.tokens;
  const parser = grammarParser();
  parser.input = tokens;
  const diagnostics: Diagnostic[] = lexed.diagnostics;
  let resumedAt = 0;
  for (;;) {
    let failedAt: IToken | undefined;
    try {
      parser.document();
    } catch (error) {
      if (!(error instanceof NestingLimitError)) throw error;
      failedAt = error.token;
      diagnostics.push({
        code: 'WR1105',
        severity: 'error',
        message: `this filter or payload nests more than ${maxNestingDepth} levels deep`,
        span: tokenSpan(error.token),
        hints: ['Flatten the expression: "a and b and c" needs no parentheses.'],
      });
    }
    const errors = parser.errors;
    if (failedAt === undefined) {
      const first = errors[0];
      if (first === undefined) break;
      failedAt = first.token;
      diagnostics.push(syntaxDiagnostic(first, tokens, text));
    }
    parser.errors = [];
    // Resume after the broken item: the rule that failed began right after the last item that parsed.
    const itemStart = Math.max(resumedAt, indexAfter(tokens, parser.items.at(-1)));
    const next = resyncIndex(tokens, itemStart, indexOfToken(tokens, failedAt));
    if (next >= tokens.length) break;
    resumedAt = next;
    parser.seek(next - 1);
  }
  const items = parser.items;
  diagnostics.push(...parser.softDiagnostics);
  if (options.file !== undefined) {
    for (let i = 0; i < diagnostics.length; i++) diagnostics[i] = { ...(diagnostics[i] as Diagnostic), file: options.file };
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return {
    ast: { kind: 'Document', items, comments: lexed.comments, span: { start: 0, end: text.length } },
    diagnostics,
  };
}

function syntaxDiagnostic(error: IRecognitionException, tokens: IToken[], text: string): Diagnostic {
  const token = error.token;
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) {
    const last = tokens.at(-1);
    const at = last === undefined ? text.length : last.startOffset + last.image.length;
    return { code: 'WR1102', severity: 'error', message: error.message, span: { start: at, end: at } };
  }
  return { code: 'WR1101', severity: 'error', message: error.message, span: tokenSpan(token) };
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

/** The index of a token in the stream (binary search by offset); the stream's length for EOF. */
function indexOfToken(tokens: IToken[], token: IToken): number {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return tokens.length;
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
      if (tokens[i + 1]?.tokenType === Identifier && tokens[i + 2]?.tokenType === Equals) return i;
    } else if (type === K.in) {
      const after = tokens[i + 1];
      if (seenArrow && after !== undefined && scopeKeywords.has(after.tokenType)) return i;
    }
    if (t.image === '->') seenArrow = true;
  }
  return tokens.length;
}
