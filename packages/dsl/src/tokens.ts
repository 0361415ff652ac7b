import type { TokenType } from 'chevrotain';

/** What a token type is made from (Chevrotain's `ITokenConfig`, the parts this vocabulary uses). */
interface TokenConfig {
  readonly name: string;
  readonly label?: string;
  /** None for a category or a keyword: no lexer pattern matches it (Chevrotain's `Lexer.NA`). */
  readonly pattern?: RegExp | string;
  readonly categories?: TokenType[];
  readonly group?: string;
  readonly line_breaks?: boolean;
  readonly start_chars_hint?: string[];
}

/** The index the next token type gets (Chevrotain's own EOF type is 1). */
let nextIndex = 2;

/**
 * A token type as Chevrotain's `createToken` makes it, without loading
 * Chevrotain: a well-formed file is lexed and parsed without it (the fast
 * path), so a `wbrules check` never loads it. The type's index, which its
 * tokens carry (`tokenTypeIdx`) and the parsers match on, is given here,
 * and its category fields below, once every type exists: Chevrotain keeps
 * both (`chevrotain-vocabulary.ts` makes its tables agree).
 */
function createToken(config: TokenConfig): TokenType {
  const type: TokenType = { name: config.name };
  if (config.pattern !== undefined) type.PATTERN = config.pattern;
  type.tokenTypeIdx = nextIndex++;
  type.CATEGORIES = config.categories ?? [];
  if (config.label !== undefined) type.LABEL = config.label;
  if (config.group !== undefined) type.GROUP = config.group;
  if (config.line_breaks !== undefined) type.LINE_BREAKS = config.line_breaks;
  if (config.start_chars_hint !== undefined) type.START_CHARS_HINT = config.start_chars_hint;
  return type;
}

/** Chevrotain's `Lexer.SKIPPED` (compared by value): tokens of the group are dropped by its lexer. */
const skipped =
  'This marks a skipped Token pattern, this means each token identified by it will be consumed and then thrown into oblivion, this can be used to for example to completely ignore whitespace.';

/**
 * The token vocabulary of `.wbrules`, in lexing order.
 *
 * Every word lexes as an `Identifier`; reserved words are then retyped to
 * their keyword token type (see `keyword` below), so `only` is an identifier
 * and `on` a keyword. Every keyword and `Identifier` share the `Word`
 * category: a field path such as `run.name` accepts any word after a dot.
 */

/** Any identifier-like word, keyword or not. */
export const Word = createToken({ name: 'Word' });
/** Every reserved word. */
export const Keyword = createToken({ name: 'Keyword' });
/** Words that may start a filter field path (`run.name`, `alias`, `tag`, or any identifier). */
export const FieldHead = createToken({
  name: 'FieldHead',
  label: 'a field such as run.name, alias or tag',
});
/** `>`, `>=`, `<`, `<=`, `==`, `!=`: one category, so the parser consumes any of them at once. */
export const ComparisonOperator = createToken({
  name: 'ComparisonOperator',
  label: 'a comparison operator such as > or <=',
});
/** `avg`, `mean`, `min`, `max`. */
export const AggregationKeyword = createToken({
  name: 'AggregationKeyword',
  label: 'an aggregation (avg, mean, min or max)',
});
/** `project`, `registry`, `collection`, `team`, `org`. */
export const ScopeKeyword = createToken({
  name: 'ScopeKeyword',
  label: 'a scope (project, registry, collection, team or org)',
});
/** `changes`, `increases`, `decreases`. */
export const ChangeKeyword = createToken({
  name: 'ChangeKeyword',
  label: '"changes", "increases" or "decreases"',
});
/** `created`, `linked`, `unlinked`. */
export const ArtifactActionKeyword = createToken({
  name: 'ArtifactActionKeyword',
  label: '"created", "linked" or "unlinked"',
});
/** `added`, `removed`. */
export const TagChangeKeyword = createToken({
  name: 'TagChangeKeyword',
  label: '"added" or "removed"',
});
/** Every string form, well-formed or not (a malformed one was reported by the lexer). */
export const AnyString = createToken({ name: 'AnyString', label: 'a string' });

/** `[A-Za-z_][A-Za-z0-9_-]*` */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_-]*/,
  categories: [Word, FieldHead],
  start_chars_hint: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'],
});

/** The reserved words, in the order the language reference lists them. */
export const keywordNames = [
  // declarations and scopes
  'webhook',
  'slack',
  'in',
  'project',
  'registry',
  'collection',
  'team',
  'org',
  // rule headers
  'automation',
  'description',
  'disabled',
  // events
  'on',
  'run',
  'metric',
  'state',
  'over',
  'within',
  'vs',
  'by',
  'changes',
  'increases',
  'decreases',
  'zscore',
  'abs',
  'avg',
  'mean',
  'min',
  'max',
  'artifact',
  'created',
  'linked',
  'unlinked',
  'alias',
  'tag',
  'added',
  'removed',
  // filters
  'where',
  'and',
  'or',
  'not',
  'matches',
  'contains',
  'exists',
  // actions
  'nothing',
  'title',
  'message',
  'severity',
  // literals
  'true',
  'false',
  'null',
] as const;

/** A reserved word. */
export type KeywordName = (typeof keywordNames)[number];

/** Keywords that may also start a field path, so `tag == "x"` and `run.name` parse. */
export const fieldHeadKeywords: ReadonlySet<string> = new Set([
  'run',
  'alias',
  'tag',
  'state',
  'metric',
  'artifact',
  'collection',
  'project',
  'team',
  'org',
  'registry',
  'title',
  'message',
  'description',
]);

/**
 * Keywords are not matched by the lexer's patterns: every word lexes as an
 * `Identifier` and `tokenize` retypes reserved words with one map lookup.
 * That is lexically the same as keyword patterns with `longer_alt`, and
 * several times faster than trying ~50 keyword patterns at each word.
 */
/** The category each grouped keyword belongs to. */
const keywordGroups: Readonly<Record<string, TokenType>> = {
  avg: AggregationKeyword,
  mean: AggregationKeyword,
  min: AggregationKeyword,
  max: AggregationKeyword,
  project: ScopeKeyword,
  registry: ScopeKeyword,
  collection: ScopeKeyword,
  team: ScopeKeyword,
  org: ScopeKeyword,
  changes: ChangeKeyword,
  increases: ChangeKeyword,
  decreases: ChangeKeyword,
  created: ArtifactActionKeyword,
  linked: ArtifactActionKeyword,
  unlinked: ArtifactActionKeyword,
  added: TagChangeKeyword,
  removed: TagChangeKeyword,
};

function keyword(name: KeywordName): TokenType {
  const categories = [Keyword, Word];
  if (fieldHeadKeywords.has(name)) categories.push(FieldHead);
  const group = keywordGroups[name];
  if (group !== undefined) categories.push(group);
  return createToken({ name: `Kw_${name}`, label: `"${name}"`, categories });
}

/** Keyword token types by word. */
export const keywords = Object.fromEntries(keywordNames.map((k) => [k, keyword(k)])) as Record<KeywordName, TokenType>;

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: skipped,
  line_breaks: true,
});

/** `# ...` or `// ...` to the end of the line. */
export const Comment = createToken({
  name: 'Comment',
  pattern: /(?:#|\/\/)[^\n\r]*/,
  group: 'comments',
  start_chars_hint: ['#', '/'],
});

/** `r"..."`: backslashes are literal. Must precede `Identifier` (it starts with `r`). */
export const RawString = createToken({
  name: 'RawString',
  label: 'a string',
  categories: [AnyString],
  pattern: /r"[^"\n\r]*"/,
  start_chars_hint: ['r'],
});

/** `r"...` with no closing quote on the line. */
export const UnterminatedRawString = createToken({
  name: 'UnterminatedRawString',
  label: 'a string',
  categories: [AnyString],
  pattern: /r"[^"\n\r]*/,
  start_chars_hint: ['r'],
});

/** A double-quoted string; escapes are validated after lexing. */
export const StringToken = createToken({
  name: 'String',
  label: 'a string',
  categories: [AnyString],
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  start_chars_hint: ['"'],
});

/** `"...` with no closing quote on the line. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  label: 'a string',
  categories: [AnyString],
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  start_chars_hint: ['"'],
});

/**
 * A string in single quotes (`'acme/vision'`) or typographic quotes
 * (`“acme/vision”`, `‘prod’`, as pasted from a document), closed on its
 * line. The language has no such strings: the lexer reports it with the
 * double-quoted spelling, and the parser takes it as a string so the rest
 * of the rule is still read.
 */
export const MisquotedString = createToken({
  name: 'MisquotedString',
  label: 'a string',
  categories: [AnyString],
  pattern: /'[^'\n\r]*'|[\u2018\u2019\u201c\u201d][^\u2018\u2019\u201c\u201d\n\r]*[\u2018\u2019\u201c\u201d]/,
  start_chars_hint: ["'", '\u2018', '\u2019', '\u201c', '\u201d'],
});

/** `->` — before `Number`, so `->` is never a minus sign. */
export const Arrow = createToken({ name: 'Arrow', label: '"->"', pattern: '->' });

/**
 * A number, matched loosely (`01`, `1.`, `1e` lex as one token) and checked
 * against the JSON number form afterwards, so a typo is one clear error.
 */
export const NumberToken = createToken({
  name: 'Number',
  label: 'a number',
  pattern: /-?\.?[0-9](?:[eE][+-]|[A-Za-z0-9_.])*/,
  start_chars_hint: [...'-.0123456789'],
});

export const GreaterEqual = createToken({
  name: 'GreaterEqual',
  label: '">="',
  pattern: '>=',
  categories: [ComparisonOperator],
});
export const LessEqual = createToken({
  name: 'LessEqual',
  label: '"<="',
  pattern: '<=',
  categories: [ComparisonOperator],
});
export const EqualEqual = createToken({
  name: 'EqualEqual',
  label: '"=="',
  pattern: '==',
  categories: [ComparisonOperator],
});
export const NotEqual = createToken({
  name: 'NotEqual',
  label: '"!="',
  pattern: '!=',
  categories: [ComparisonOperator],
});
export const Greater = createToken({ name: 'Greater', label: '">"', pattern: '>', categories: [ComparisonOperator] });
export const Less = createToken({ name: 'Less', label: '"<"', pattern: '<', categories: [ComparisonOperator] });
export const Equals = createToken({ name: 'Equals', label: '"="', pattern: '=' });
export const Comma = createToken({ name: 'Comma', label: '","', pattern: ',' });
export const Dot = createToken({ name: 'Dot', label: '"."', pattern: '.' });
export const Colon = createToken({ name: 'Colon', label: '":"', pattern: ':' });
export const Percent = createToken({ name: 'Percent', label: '"%"', pattern: '%' });
export const LParen = createToken({ name: 'LParen', label: '"("', pattern: '(' });
export const RParen = createToken({ name: 'RParen', label: '")"', pattern: ')' });
export const LBracket = createToken({ name: 'LBracket', label: '"["', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', label: '"]"', pattern: ']' });
export const LBrace = createToken({ name: 'LBrace', label: '"{"', pattern: '{' });
export const RBrace = createToken({ name: 'RBrace', label: '"}"', pattern: '}' });

/** `${name}` written outside a string, where it can never be sent: a dedicated error. */
export const TemplateOutsideString = createToken({
  name: 'TemplateOutsideString',
  label: 'a template variable',
  categories: [AnyString],
  pattern: /\$\{[^}\n\r]*\}?/,
});

/**
 * `aria`: a contextual word, not a reserved one. It is an `Identifier`
 * everywhere (files that name an integration `aria` keep compiling) and
 * starts the ARIA action after `->` (`-> aria "PROMPT"`). Retyped like a
 * keyword after lexing, so the parser can tell it apart without looking at
 * images; `Identifier` is one of its categories, so every place that takes
 * a name takes it.
 */
export const AriaWord = createToken({
  name: 'AriaWord',
  label: '"aria"',
  // Categories are transitive: through `Identifier`, it is also a `Word` and a `FieldHead`.
  categories: [Identifier],
});

/** Contextual words (names that start a construct in one place and are plain names elsewhere). */
export const contextualWordNames = ['aria'] as const;

/** Whether a token type is a name: an `Identifier` or a contextual word. */
export function isNameToken(type: TokenType): boolean {
  return type === Identifier || type === AriaWord;
}

/** Keyword (and contextual word) token types by their text, for retyping identifiers after lexing. */
export const keywordByText: ReadonlyMap<string, TokenType> = new Map([
  ...keywordNames.map((k) => [k, keywords[k]] as const),
  ['aria', AriaWord] as const,
]);

/** Every token type, in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  RawString,
  UnterminatedRawString,
  StringToken,
  UnterminatedString,
  MisquotedString,
  Arrow,
  NumberToken,
  GreaterEqual,
  LessEqual,
  EqualEqual,
  NotEqual,
  Greater,
  Less,
  Equals,
  Comma,
  Dot,
  Colon,
  Percent,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  TemplateOutsideString,
  ...keywordNames.map((k) => keywords[k]),
  AriaWord,
  Identifier,
  Word,
  Keyword,
  FieldHead,
  AnyString,
  ComparisonOperator,
  AggregationKeyword,
  ScopeKeyword,
  ChangeKeyword,
  ArtifactActionKeyword,
  TagChangeKeyword,
];

/** Each type with its categories, theirs, and so on, as computed (types are never changed after load). */
const ancestry = new Map<TokenType, ReadonlySet<TokenType>>();
function ancestorsOf(type: TokenType): ReadonlySet<TokenType> {
  let known = ancestry.get(type);
  if (known === undefined) {
    const all = new Set<TokenType>([type]);
    for (const category of type.CATEGORIES ?? []) for (const a of ancestorsOf(category)) all.add(a);
    ancestry.set(type, all);
    known = all;
  }
  return known;
}

// Chevrotain's category fields, as its `createToken` computes them: for each type, the indexes of the
// types it is a category of (`categoryMatches`, ascending, and as a map), and whether there are any.
const membersOf = new Map<TokenType, number[]>(allTokens.map((type) => [type, []]));
for (const type of allTokens) {
  for (const category of ancestorsOf(type))
    if (category !== type) membersOf.get(category)?.push(type.tokenTypeIdx as number);
}
for (const [category, members] of membersOf) {
  members.sort((a, b) => a - b);
  const map: Record<number, boolean> = {};
  for (const idx of members) map[idx] = true;
  category.categoryMatches = members;
  category.categoryMatchesMap = map;
  category.isParent = members.length > 0;
}

/** The largest token type index. */
export const maxTokenIndex = nextIndex - 1;
