import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Identifier, NumberToken, TemplateOutsideString } from './tokens.js';

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

/** Plain words for a token type, for "expected ..." (never a token name). */
function describeExpected(type: TokenType): string {
  const label = type.LABEL;
  if (label !== undefined) return label;
  if (type === Identifier) return 'a name';
  return `"${type.name}"`;
}

/** Plain words for the token actually found. */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}...` : token.image;
  if (token.tokenType === Identifier) return `the name "${image}"`;
  if (token.tokenType === NumberToken) return `the number ${image}`;
  if (token.tokenType === TemplateOutsideString) return `the template variable ${image}`;
  if (token.image.startsWith('"') || token.image.startsWith('r"')) return `the string ${image}`;
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
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    return `expected ${describeExpected(expected)}${context(ruleName)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected a rule ("on ..."), an integration ("webhook NAME = ...") or a default scope ("in project ..."), found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription, ruleName }) {
    const what = customUserDescription ?? firstTokens(expectedPathsPerAlt);
    const found = actual[0];
    return `expected ${what}${context(ruleName)}, found ${found === undefined ? 'nothing' : describeFound(found)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription, ruleName }) {
    const what = customUserDescription ?? firstTokens([expectedIterationPaths]);
    const found = actual[0];
    return `expected ${what}${context(ruleName)}, found ${found === undefined ? 'nothing' : describeFound(found)}`;
  },
};
