import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import {
  AnyString,
  ChangeKeyword,
  Identifier,
  isNameToken,
  keywords as K,
  NumberToken,
  RBrace,
  RBracket,
  ScopeKeyword,
  TemplateOutsideString,
  Word,
} from './tokens.js';

/**
 * Where a construct sits, in words, by grammar rule: appended to "expected X"
 * so a message says what the parser was reading ("... after the metric name").
 */
const ruleContext: Record<string, string> = {
  item: '',
  integrationDecl: ' in this integration declaration (webhook NAME = "integration-name")',
  scopeDefault: ' after "in"',
  scope: '',
  rule: ' in this rule',
  event: ' after "on"',
  runEvent: '',
  metricCondition: ' after the metric name',
  aggregationWord: '',
  change: ' in this change condition',
  comparator: '',
  artifactEvent: '',
  aliasEvent: ' in this alias event (alias "NAME" added)',
  tagEvent: ' in this tag event (tag "NAME" added)',
  collectionTagEvent: ' in this collection tag event (collection tag "NAME" added)',
  tagTail: '',
  expression: ' in the filter',
  andExpression: ' in the filter',
  notExpression: ' in the filter',
  predicate: ' in the filter',
  field: ' in the field name',
  list: ' in the list',
  literal: '',
  action: ' after "->"',
  jsonValue: ' in the webhook payload',
  jsonObject: ' in the webhook payload',
  jsonMember: ' in the webhook payload',
  jsonArray: ' in the webhook payload',
  string: '',
  number: '',
};

/** What a name means after the word before it, so "expected a name" can say which name. */
const nameAfter: ReadonlyMap<TokenType, string> = new Map([
  [K.webhook, 'an integration name'],
  [K.slack, 'an integration name'],
  [K.state, 'a run state (running, finished, failed or crashed)'],
  [K.severity, 'a severity (info, warn or error)'],
]);

/** Token families whose label is too terse for an error message: show the shapes instead. */
const shapes: ReadonlyMap<TokenType, string> = new Map([
  [
    ScopeKeyword,
    'a scope such as project "entity/project", registry "org/name", collection "entity/project/name", team "name" or org "name"',
  ],
  [ChangeKeyword, '"changes by", "increases by" or "decreases by"'],
]);

/** Plain words for a token type, for "expected ..." (never a token name). */
function describeExpected(type: TokenType, previous?: IToken): string {
  if (type === Identifier || type === Word) {
    const named = previous === undefined ? undefined : nameAfter.get(previous.tokenType);
    if (named !== undefined) return named;
    if (previous?.image === '.') return 'a field name';
    if (previous?.image === ',' && type === Identifier) return 'a run state (running, finished, failed or crashed)';
    return 'a name';
  }
  // A missing closer is more often a missing comma or a malformed member than a missing closer.
  if (type === RBrace) return previous?.image === '{' ? 'a member ("key": value) or "}"' : '"," or "}"';
  if (type === RBracket) return previous?.image === '[' ? 'a value or "]"' : '"," or "]"';
  const label = shapes.get(type) ?? type.LABEL;
  if (label !== undefined) return label;
  return `"${type.name}"`;
}

/**
 * Where the parser stood, in words: right after a keyword or punctuation,
 * `after "<that token>"` is the most precise place ("expected a number after
 * \">\""); after a name, string or number, the rule's own context says more.
 * Rules whose context shows the construct's shape keep it always.
 */
function where(ruleName: string, previous: IToken | undefined): string {
  const ruleSays = context(ruleName);
  if (shapeContexts.has(ruleName) || previous === undefined || previous.tokenType === EOF) return ruleSays;
  if (Number.isNaN(previous.startOffset)) return ruleSays;
  const type = previous.tokenType;
  if (type === Identifier || type === NumberToken || tokenMatcher(previous, AnyString)) return ruleSays;
  return ` after "${previous.image}"`;
}

/** Rules whose context shows the whole construct (`webhook NAME = "integration-name"`). */
const shapeContexts: ReadonlySet<string> = new Set(['integrationDecl', 'aliasEvent', 'tagEvent', 'collectionTagEvent']);

/** Adds the rule's context unless the description already says where it stands. */
function withContext(what: string, ruleName: string): string {
  return /\bafter\b|\bin th(?:e|is)\b/.test(what) ? what : `${what}${context(ruleName)}`;
}

/** Plain words for the token actually found. */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}...` : token.image;
  if (isNameToken(token.tokenType)) return `the name "${image}"`;
  if (token.tokenType === NumberToken) return `the number ${image}`;
  if (token.tokenType === TemplateOutsideString) return `the template variable ${image}`;
  if (tokenMatcher(token, AnyString)) return `the string ${image}`;
  return `"${image}"`;
}

function context(ruleName: string): string {
  return ruleContext[ruleName] ?? '';
}

function firstTokens(paths: TokenType[][][]): string {
  const seen = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0] !== undefined) seen.add(describeExpected(path[0]));
  return orList([...seen]);
}

function orList(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Turns Chevrotain's recognition failures into one plain sentence:
 * `expected X[ context], found Y`.
 */
export const syntaxMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    return `expected ${describeExpected(expected, previous)}${where(ruleName, previous)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected a rule ("on ..."), an integration ("webhook NAME = ...") or a default scope ("in project ..."), found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription, ruleName }) {
    const what = customUserDescription ?? firstTokens(expectedPathsPerAlt);
    const found = actual[0];
    return `expected ${withContext(what, ruleName)}, found ${found === undefined ? 'nothing' : describeFound(found)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription, ruleName }) {
    const what = customUserDescription ?? firstTokens([expectedIterationPaths]);
    const found = actual[0];
    return `expected ${withContext(what, ruleName)}, found ${found === undefined ? 'nothing' : describeFound(found)}`;
  },
};
