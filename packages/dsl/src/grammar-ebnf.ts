import { type ISerializedGast, Lexer, type TokenType } from 'chevrotain';
import { grammarParser } from './parse.js';
import {
  allTokens,
  keywordNames,
  keywords,
  MisquotedString,
  TemplateOutsideString,
  UnterminatedRawString,
  UnterminatedString,
} from './tokens.js';

/** The fields of Chevrotain's serialized GAST nodes this printer reads (the published type only names `type`). */
interface GastNode {
  readonly type: string;
  readonly name?: string;
  readonly label?: string;
  readonly definition?: readonly GastNode[];
  readonly separator?: GastNode;
}

/** Lines are wrapped before this column so the file reads well in a terminal and in a diff. */
const maxWidth = 100;

const header = `/*
 * The grammar of the .wbrules language, in W3C EBNF notation (as in the XML
 * specification): "x?" is optional, "x*" repeats zero or more times, "x+" one
 * or more times, "|" separates alternatives, and quoted text is a keyword or
 * punctuation written exactly so.
 *
 * GENERATED from the parser (packages/dsl/src/grammar-parser.ts) by
 * \`pnpm grammar\`; do not edit by hand. A test fails when this file is
 * stale. The language reference is grammar/README.md.
 *
 * Newlines carry no meaning: whitespace and comments may stand between any
 * two tokens. The token categories and lexical rules are at the end.
 */
`;

/**
 * Renders the `.wbrules` grammar as W3C-style EBNF: one production per parser
 * rule, in the parser's order, then the token categories the productions
 * name and the lexical rules.
 *
 * The productions are read from Chevrotain's serialized grammar, so this file
 * cannot drift from what the parser accepts. `productions` defaults to the
 * real parser's; passing another set is for testing the printer.
 */
export function grammarEbnf(
  productions: readonly ISerializedGast[] = grammarParser().getSerializedGastProductions(),
): string {
  const rules = productions as readonly GastNode[];
  const categories = categoryRules(rules);
  const lexical = lexicalRules();
  const width = Math.max(
    ...[...rules.map((r) => r.name ?? ''), ...categories.map(([n]) => n), ...lexical.map(([n]) => n)].map(
      (n) => n.length,
    ),
  );
  const out: string[] = [header];
  for (const rule of rules) out.push(production(rule.name ?? '', rule.definition ?? [], width));
  if (categories.length > 0) {
    out.push('', '/* Token categories: each stands for any one of the tokens it lists. */', '');
  }
  for (const definition of categories) out.push(...lexicalLines(definition, width));
  out.push('', '/* Lexical rules. */', '');
  for (const definition of lexical) out.push(...lexicalLines(definition, width));
  return `${out.join('\n')}\n`;
}

type Definition = [name: string, body: string, note?: string];

/** A definition as `Name ::= a | b ...`, alternatives packed, with its note after it or below it. */
function lexicalLines([name, body, note]: Definition, width: number): string[] {
  const lines = choiceLines(`${name.padEnd(width)} ::= `, splitTop(body, ' | '), ' '.repeat(width + 3));
  if (note === undefined) return lines;
  const comment = `/* ${note} */`;
  const last = lines.length - 1;
  if ((lines[last] as string).length + 3 + comment.length <= maxWidth) lines[last] += `   ${comment}`;
  else lines.push(`${' '.repeat(width + 5)}${comment}`);
  return lines;
}

/** One production; a rule that is a single choice lists its alternatives one per line. */
function production(name: string, definition: readonly GastNode[], width: number): string {
  const lead = `${name.padEnd(width)} ::= `;
  const only = definition.length === 1 ? definition[0] : undefined;
  if (only?.type === 'Alternation') {
    const lines: string[] = [];
    (only.definition ?? []).forEach((alt, i) => {
      const first = i === 0 ? lead : `${' '.repeat(width + 1)}  | `;
      lines.push(...wrap(first, sequenceParts(alt.definition ?? []), ' '.repeat(width + 7)));
    });
    return lines.join('\n');
  }
  return wrap(lead, sequenceParts(definition), ' '.repeat(width + 5)).join('\n');
}

/** Packs parts onto lines no wider than `maxWidth`, continuing under `indent`. */
function wrap(first: string, parts: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const part of parts) {
    if (!empty && line.length + 1 + part.length > maxWidth) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    if (line.length + (empty ? 0 : 1) + part.length > maxWidth && empty) {
      const broken = breakGroup(line, part);
      if (broken !== undefined) {
        lines.push(...broken.slice(0, -1));
        line = broken.at(-1) as string;
        empty = false;
        continue;
      }
    }
    line += (empty ? '' : ' ') + part;
    empty = false;
  }
  if (empty) line += '/* nothing */';
  lines.push(line);
  return lines;
}

/**
 * A parenthesized choice too long for one line, one alternative per line:
 * `( a` / `| b` / `| c )?`, the bars under the opening parenthesis.
 */
function breakGroup(prefix: string, part: string): string[] | undefined {
  const match = /^\( (.*) \)([?*+]?)$/.exec(part);
  if (match === null) return undefined;
  const alternatives = splitTop(match[1] as string, ' | ');
  if (alternatives.length < 2) return undefined;
  const bar = `${' '.repeat(prefix.length)}| `;
  return alternatives.map((alt, i) => {
    const close = i === alternatives.length - 1 ? ` )${match[2]}` : '';
    return (i === 0 ? `${prefix}( ` : bar) + alt + close;
  });
}

/** Alternatives packed several to a line; continuation lines start with `|`, aligned as in productions. */
function choiceLines(first: string, alternatives: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  alternatives.forEach((alt, i) => {
    if (i === 0) line += alt;
    else if (line.length + 3 + alt.length <= maxWidth) line += ` | ${alt}`;
    else {
      lines.push(line);
      line = `${indent}| ${alt}`;
    }
  });
  lines.push(line);
  return lines;
}

/** The printed elements of a sequence, each an atom or a parenthesized group. */
function sequenceParts(definition: readonly GastNode[]): string[] {
  return definition.map(element);
}

function sequence(definition: readonly GastNode[]): string {
  const parts = sequenceParts(definition);
  return parts.length === 0 ? '/* nothing */' : parts.join(' ');
}

/** A sequence that will take a postfix operator: bare when it is one atom, else parenthesized. */
function operand(definition: readonly GastNode[]): string {
  const only = definition.length === 1 ? definition[0] : undefined;
  if (only !== undefined && (only.type === 'Terminal' || only.type === 'NonTerminal' || only.type === 'Alternation')) {
    return element(only);
  }
  return `( ${sequence(definition)} )`;
}

function element(node: GastNode): string {
  const body = node.definition ?? [];
  switch (node.type) {
    case 'Terminal':
      return terminal(node);
    case 'NonTerminal':
      return node.name ?? '';
    case 'Alternation':
      return `( ${body.map((alt) => sequence(alt.definition ?? [])).join(' | ')} )`;
    case 'Alternative':
      return `( ${sequence(body)} )`;
    case 'Option':
      return `${operand(body)}?`;
    case 'Repetition':
      return `${operand(body)}*`;
    case 'RepetitionMandatory':
      return `${operand(body)}+`;
    case 'RepetitionWithSeparator':
      return `( ${separated(node)} )?`;
    case 'RepetitionMandatoryWithSeparator':
      return separated(node);
    default:
      throw new Error(`grammarEbnf: unknown production type "${node.type}"`);
  }
}

/** `X ( sep X )*` — the printed form of Chevrotain's `*_SEP` repetitions. */
function separated(node: GastNode): string {
  const item = sequence(node.definition ?? []);
  const sep = node.separator === undefined ? '","' : terminal(node.separator);
  const single = (node.definition ?? []).length === 1;
  return `${single ? item : `( ${item} )`} ( ${sep} ${item} )*`;
}

/** A keyword or punctuation prints as its quoted label; any other token as its name. */
function terminal(node: GastNode): string {
  const label = node.label ?? '';
  if (/^"[^"]+"$/.test(label)) return label;
  return node.name ?? label;
}

/** Splits printed EBNF at each top-level (unquoted, unparenthesized) `separator`. */
function splitTop(body: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let close: string | undefined; // inside a quoted literal or a character class, until this character
  let current = '';
  for (const ch of body) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
    } else if (ch === '"' || ch === "'") {
      close = ch;
    } else if (ch === '[') {
      close = ']';
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    }
    current += ch;
    if (close === undefined && depth === 0 && current.endsWith(separator)) {
      const part = current.slice(0, -separator.length);
      if (part !== '') parts.push(part);
      current = '';
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Tokens that exist only so the lexer can report a malformed form; no valid text contains one. */
const errorTokens: ReadonlySet<TokenType> = new Set([
  UnterminatedString,
  UnterminatedRawString,
  MisquotedString,
  TemplateOutsideString,
]);

/** How a token is written in EBNF: its quoted label when that is its literal text, else its name. */
function tokenTerm(token: TokenType): string {
  const label = token.LABEL ?? '';
  return /^"[^"]+"$/.test(label) ? label : token.name;
}

/**
 * The token categories the productions name (such as `FieldHead`), each
 * defined as the choice of its member tokens, read from the token
 * definitions so a keyword added to a category shows up here by itself.
 * A category holding every keyword lists `Keyword` instead of all of them.
 */
function categoryRules(rules: readonly GastNode[]): Definition[] {
  const base = new Set(lexicalRules().map(([name]) => name));
  const byName = new Map(allTokens.map((t) => [t.name, t]));
  const allKeywords = new Set(keywordNames.map((k) => keywords[k]));
  const out: Definition[] = [];
  const seen = new Set<string>();
  const pending = rules.flatMap((r) => namedTerminals(r.definition ?? []));
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    if (seen.has(name) || base.has(name)) continue;
    seen.add(name);
    const category = byName.get(name);
    const members = allTokens.filter(
      (t) => !errorTokens.has(t) && (t.CATEGORIES ?? []).includes(category as TokenType),
    );
    if (
      category === undefined ||
      (category.PATTERN !== undefined && category.PATTERN !== Lexer.NA) ||
      members.length === 0
    ) {
      throw new Error(`grammarEbnf: the terminal "${name}" has no lexical rule; describe it in grammar-ebnf.ts`);
    }
    const hasAllKeywords = [...allKeywords].every((k) => members.includes(k));
    const named = members.filter((t) => !allKeywords.has(t) && !/^"[^"]+"$/.test(t.LABEL ?? '')).map((t) => t.name);
    const literals = hasAllKeywords
      ? ['Keyword']
      : members.filter((t) => /^"[^"]+"$/.test(t.LABEL ?? '')).map(tokenTerm);
    const terms = [...named, ...literals];
    out.push([name, terms.join(' | ')]);
    pending.push(...terms.filter((t) => !t.startsWith('"')));
  }
  return out;
}

/** The names of the non-literal terminals a definition uses, in order. */
function namedTerminals(definition: readonly GastNode[]): string[] {
  return definition.flatMap((node) => {
    const inner = [...(node.separator === undefined ? [] : [node.separator]), ...(node.definition ?? [])];
    if (node.type === 'Terminal') {
      const printed = terminal(node);
      return printed.startsWith('"') ? [] : [printed];
    }
    return namedTerminals(inner);
  });
}

/**
 * The tokens with a pattern, written strictly (the lexer matches some forms
 * loosely, such as `01` or `1.`, to report them as one clear error rather
 * than as two tokens).
 */
function lexicalRules(): Definition[] {
  return [
    ['Identifier', '[A-Za-z_] [A-Za-z0-9_-]*', 'any such word that is not a Keyword ("aria" is one)'],
    ['Keyword', keywordNames.map((k) => `"${k}"`).join(' | '), 'reserved: never an Identifier'],
    ['String', `'"' ( StringChar | Escape )* '"'`, 'ends on the line it starts; no lone UTF-16 surrogates'],
    ['StringChar', `[^"\\#x0-#x1F]`],
    ['Escape', `'\\' ( ["\\/bfnrt] | 'u' Hex Hex Hex Hex )`, 'the JSON escapes'],
    ['Hex', '[0-9A-Fa-f]'],
    ['RawString', `'r"' [^"#xA#xD]* '"'`, 'backslashes are literal: r"^exp-\\d+$"'],
    [
      'Number',
      `'-'? ( '0' | [1-9] [0-9]* ) ( '.' [0-9]+ )? ( [eE] [+-]? [0-9]+ )?`,
      'JSON form; with "." or an exponent it is a float, else an integer',
    ],
    ['Comment', `( '#' | '//' ) [^#xA#xD]*`, 'ignored, like whitespace'],
    ['WhiteSpace', '[#x9#xA#xB#xC#xD#x20#xA0#xFEFF]+'],
  ];
}
