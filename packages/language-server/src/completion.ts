import { eventFamilyOf, filterFields, runStateNames, severityNames, templateVariablesOf } from '@wbrules/compiler';
import { contextualWordNames, type Event, grammarParser, keywordNames, parse, tokenize } from '@wbrules/dsl';
import { type CompletionItem, CompletionItemKind, type Position, type Range } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toOffset, toRange } from './positions.js';

/**
 * Completion. Which words may come next is the grammar's answer, not a
 * table of our own: the tokens of the item before the cursor go through
 * Chevrotain's content assist on the shared parser, and each expected token
 * type becomes words (a keyword, the members of a keyword category such as
 * the aggregations or scope kinds, or a contextual word such as `aria`).
 * Where the grammar expects a name, the words come from the compiler's
 * tables (severities, run states, filter fields, template variables) or from
 * the document (declared integrations).
 */

type Token = ReturnType<typeof tokenize>['tokens'][number];
type TokenType = Token['tokenType'];

/**
 * Words that start a construct in one place and are names elsewhere (the
 * dsl's contextual words). Their token types are learnt from the lexer like
 * the keywords'; they are kept apart from `keywordOf` so that an
 * integration named `aria` still reads as a name.
 */
const contextualWords = contextualWordNames;

interface Vocabulary {
  readonly keywordOf: ReadonlyMap<TokenType, string>;
  readonly contextualOf: ReadonlyMap<TokenType, string>;
  readonly membersOf: ReadonlyMap<TokenType, readonly string[]>;
  readonly identifier: TokenType;
  readonly arrow: TokenType;
  readonly dot: TokenType;
  readonly comma: TokenType;
  readonly lbrace: TokenType;
  readonly openString: TokenType;
  readonly fieldHead: TokenType | undefined;
  readonly word: TokenType | undefined;
}

let vocabulary: Vocabulary | undefined;

function typeOf(text: string): TokenType {
  return (tokenize(text).tokens[0] as Token).tokenType;
}

/** Token types by their spelling, learnt from the lexer itself so no token name is assumed. */
function vocab(): Vocabulary {
  if (vocabulary !== undefined) return vocabulary;
  const keywordOf = new Map<TokenType, string>();
  const members = new Map<TokenType, string[]>();
  for (const word of keywordNames) {
    const type = typeOf(word);
    keywordOf.set(type, word);
    for (const category of type.CATEGORIES ?? []) {
      const list = members.get(category) ?? [];
      list.push(word);
      members.set(category, list);
    }
  }
  const identifier = typeOf('x');
  const contextualOf = new Map<TokenType, string>();
  for (const word of contextualWords) {
    const type = typeOf(word);
    if (type !== identifier) contextualOf.set(type, word);
  }
  const categories = identifier.CATEGORIES ?? [];
  vocabulary = {
    keywordOf,
    contextualOf,
    membersOf: members,
    identifier,
    arrow: typeOf('->'),
    dot: typeOf('.'),
    comma: typeOf(','),
    lbrace: typeOf('{'),
    openString: typeOf('"a'),
    fieldHead: categories.find((c) => c.name === 'FieldHead'),
    word: categories.find((c) => c.name === 'Word'),
  };
  return vocabulary;
}

/** The index of the last token satisfying `test`, or -1 (es2022 has no `findLastIndex`). */
function lastIndexWhere(tokens: readonly Token[], test: (t: Token) => boolean): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (test(tokens[i] as Token)) return i;
  return -1;
}

const itemStartWords = new Set(['on', 'automation', 'description', 'disabled']);

/** Where the tokens that decide the cursor's context begin: the item the cursor is in or right after. */
function contextStart(analysis: DocumentAnalysis, offset: number): number {
  let start = 0;
  for (const item of analysis.parsed.ast.items) {
    if (item.span.start >= offset) break;
    if (offset <= item.span.end || /^[ \t]*$/.test(analysis.text.slice(item.span.end, offset))) return item.span.start;
    start = item.span.end;
  }
  return start;
}

/** The event of the rule being written, parsed from its text up to the action (the rest may be unfinished). */
function eventOf(text: string, tokens: readonly Token[], base: number): Event | undefined {
  const v = vocab();
  const on = lastIndexWhere(tokens, (t) => v.keywordOf.get(t.tokenType) === 'on');
  if (on < 0) return undefined;
  let end = tokens.length;
  for (let i = on + 1; i < tokens.length; i++) {
    const word = v.keywordOf.get((tokens[i] as Token).tokenType);
    if (word === 'where' || word === 'in' || (tokens[i] as Token).tokenType === v.arrow) {
      end = i;
      break;
    }
  }
  const from = (tokens[on] as Token).startOffset + base;
  const to = end < tokens.length ? (tokens[end] as Token).startOffset + base : base + text.length;
  const rule = parse(`${text.slice(from - base, to - base)} -> nothing`).ast.items[0];
  return rule?.kind === 'Rule' ? rule.event : undefined;
}

function item(label: string, kind: CompletionItemKind, range: Range, detail?: string, insert?: string): CompletionItem {
  return {
    label,
    kind,
    textEdit: { range, newText: insert ?? label },
    ...(detail === undefined ? {} : { detail }),
  };
}

/**
 * Whether the open string at the end of `tokens` takes template variables:
 * a string inside a webhook payload (`-> webhook NAME { ...`) or an ARIA
 * prompt (`-> aria "...`). Returns the index of the action's `->`, or -1.
 */
function templateStringArrow(tokens: readonly Token[]): number {
  const v = vocab();
  const arrow = lastIndexWhere(tokens, (t) => t.tokenType === v.arrow);
  if (arrow < 0) return -1;
  const action = tokens[arrow + 1]?.tokenType as TokenType;
  if (v.keywordOf.get(action) === 'webhook' && tokens[arrow + 3]?.tokenType === v.lbrace) return arrow;
  if (v.contextualOf.get(action) === 'aria' && arrow + 2 === tokens.length - 1) return arrow;
  return -1;
}

/** Template variables for the `${` being typed inside a webhook payload string or an ARIA prompt. */
function templateCompletions(
  analysis: DocumentAnalysis,
  tokens: readonly Token[],
  slice: string,
  base: number,
  offset: number,
): CompletionItem[] {
  const last = tokens.at(-1) as Token;
  const image = last.image;
  const open = image.lastIndexOf('${');
  if (open < 0 || image.indexOf('}', open) >= 0) return [];
  const partial = image.slice(open + 2);
  if (!/^[A-Za-z0-9_.]*$/.test(partial)) return [];
  const arrow = templateStringArrow(tokens);
  if (arrow < 0) return [];
  const event = eventOf(slice, tokens.slice(0, arrow + 1), base);
  if (event === undefined) return [];
  const available = templateVariablesOf(event);
  const range = toRange(analysis.lines, { start: offset - partial.length, end: offset });
  const close = analysis.text[offset] === '}' ? '' : '}';
  const items = available.names.map((name) =>
    item(name, CompletionItemKind.Variable, range, 'W&B template variable', `${name}${close}`),
  );
  if (available.metadata) {
    items.push(
      item(
        'artifact_metadata.KEY',
        CompletionItemKind.Variable,
        range,
        'an artifact metadata value',
        'artifact_metadata.',
      ),
    );
  }
  return items;
}

/** Names the grammar leaves open (`Identifier`), by what precedes them. */
function nameCompletions(analysis: DocumentAnalysis, tokens: readonly Token[], range: Range): CompletionItem[] {
  const v = vocab();
  const word = (i: number) => {
    const t = tokens.at(i);
    return t === undefined ? undefined : v.keywordOf.get(t.tokenType);
  };
  const previous = word(-1);
  if ((previous === 'webhook' || previous === 'slack') && tokens.at(-2)?.tokenType === v.arrow) {
    return analysis.resolved.declarations
      .filter((d) => d.decl.integrationKind === previous)
      .map((d) => item(d.decl.name.name, CompletionItemKind.Variable, range, `${previous} "${d.decl.target.value}"`));
  }
  if (previous === 'severity') {
    return [...severityNames].map(([name, lowered]) => item(name, CompletionItemKind.EnumMember, range, lowered));
  }
  const state = lastIndexWhere(tokens, (t) => v.keywordOf.get(t.tokenType) === 'state');
  const inStateList =
    state >= 0 &&
    word(state - 1) === 'run' &&
    tokens.slice(state + 1).every((t) => t.tokenType === v.identifier || t.tokenType === v.comma);
  if (inStateList && (previous === 'state' || tokens.at(-1)?.tokenType === v.comma)) {
    return runStateNames.map((name) => item(name, CompletionItemKind.EnumMember, range, 'run state'));
  }
  return [];
}

/** Filter fields for the rule's event (a field head, or the part after `run.`). */
function fieldCompletions(
  slice: string,
  tokens: readonly Token[],
  base: number,
  range: Range,
  afterDot: boolean,
): CompletionItem[] {
  const event = eventOf(slice, tokens, base);
  const families = event === undefined ? (['run', 'artifact'] as const) : [eventFamilyOf(event)];
  const fields = families.flatMap((family) =>
    [...filterFields[family]].map(([field, backend]) => ({ field, backend })),
  );
  if (!afterDot)
    return fields.map(({ field, backend }) => item(field, CompletionItemKind.Field, range, `filters on ${backend}`));
  const head = tokens.at(-2)?.image;
  return fields
    .filter(({ field }) => head !== undefined && field.startsWith(`${head}.`))
    .map(({ field, backend }) =>
      item(field.slice(head?.length ?? 0).replace(/^\./, ''), CompletionItemKind.Field, range, `filters on ${backend}`),
    );
}

/** The completions at `position`. */
export function completion(analysis: DocumentAnalysis, position: Position): CompletionItem[] {
  const v = vocab();
  const offset = toOffset(analysis.lines, position);
  const base = contextStart(analysis, offset);
  const slice = analysis.text.slice(base, offset);
  const lexed = tokenize(slice);
  // In a comment: nothing to complete.
  if (lexed.comments.some((c) => c.span.end === slice.length && c.span.start < slice.length)) return [];
  let tokens = lexed.tokens;
  const last = tokens.at(-1);
  const lastEnd = last === undefined ? -1 : last.startOffset + last.image.length;
  if (last !== undefined && lastEnd === slice.length && last.tokenType === v.openString) {
    return templateCompletions(analysis, tokens, slice, base, offset);
  }
  let wordStart = offset;
  if (last !== undefined && lastEnd === slice.length && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(last.image)) {
    wordStart = base + last.startOffset;
    tokens = tokens.slice(0, -1);
  }
  const range = toRange(analysis.lines, { start: wordStart, end: offset });
  const parser = grammarParser();
  let suggestions = parser.computeContentAssist('document', tokens);
  if (suggestions.length === 0) {
    // The stretch holds a broken item: retry from the last word that starts one.
    const restart = lastIndexWhere(tokens, (t) => itemStartWords.has(v.keywordOf.get(t.tokenType) ?? ''));
    if (restart > 0) {
      tokens = tokens.slice(restart);
      suggestions = parser.computeContentAssist('document', tokens);
    }
  }
  const out = new Map<string, CompletionItem>();
  const add = (items: readonly CompletionItem[]) => {
    for (const i of items) if (!out.has(i.label)) out.set(i.label, i);
  };
  for (const { nextTokenType: type } of suggestions) {
    const keyword = v.keywordOf.get(type) ?? v.contextualOf.get(type);
    if (keyword !== undefined) add([item(keyword, CompletionItemKind.Keyword, range)]);
    else if (type === v.identifier) add(nameCompletions(analysis, tokens, range));
    else if (type === v.arrow) add([item('->', CompletionItemKind.Operator, range, 'then the action')]);
    else if (type === v.fieldHead) add(fieldCompletions(slice, tokens, base, range, false));
    else if (type === v.word && tokens.at(-1)?.tokenType === v.dot)
      add(fieldCompletions(slice, tokens, base, range, true));
    else add((v.membersOf.get(type) ?? []).map((word) => item(word, CompletionItemKind.Keyword, range)));
  }
  return [...out.values()];
}
