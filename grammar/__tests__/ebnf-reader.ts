// A reader for the EBNF notation grammar/wbrules.ebnf is printed in, and a
// recognizer that runs its productions over real token streams. The tests use
// it to show the printed grammar says what the parser does, token for token.

/** What the recognizer reads of a lexer token. */
export interface LexedToken {
  readonly image: string;
  /** Its type's name and categories (a contextual word such as `aria` has `Identifier` among them). */
  readonly tokenType: { readonly name: string; readonly CATEGORIES?: readonly { readonly name: string }[] };
}

/** A parsed EBNF expression. */
export type Expr =
  | { readonly kind: 'seq'; readonly items: readonly Expr[] }
  | { readonly kind: 'alt'; readonly options: readonly Expr[] }
  | { readonly kind: 'repeat'; readonly op: '?' | '*' | '+'; readonly body: Expr }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'charClass'; readonly text: string };

/** Productions by name, in file order; `lexical` marks the token categories and lexical rules. */
export interface Ebnf {
  readonly rules: ReadonlyMap<string, Expr>;
  readonly lexical: ReadonlySet<string>;
}

/** Reads an EBNF file: `name ::= body` productions, `/* ... *\/` comments, continuation lines indented. */
export function readEbnf(text: string): Ebnf {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, (c) =>
    /Token categories|Lexical rules/.test(c) ? '\u0000' : ' ',
  );
  const rules = new Map<string, Expr>();
  const lexical = new Set<string>();
  let inLexical = false;
  let current: { name: string; body: string } | undefined;
  const flush = () => {
    if (current === undefined) return;
    if (rules.has(current.name)) throw new Error(`"${current.name}" is defined twice`);
    rules.set(current.name, parseBody(current.body));
    if (inLexical) lexical.add(current.name);
    current = undefined;
  };
  for (const line of withoutComments.split('\n')) {
    if (line.includes('\u0000')) {
      flush();
      inLexical = true;
      continue;
    }
    const head = /^([A-Za-z][A-Za-z0-9]*)\s+::=\s(.*)$/.exec(line);
    if (head !== null) {
      flush();
      current = { name: head[1] as string, body: head[2] as string };
    } else if (line.trim() !== '') {
      if (current === undefined || !/^\s/.test(line)) throw new Error(`stray line: ${line}`);
      current.body += ` ${line.trim()}`;
    }
  }
  flush();
  return { rules, lexical };
}

function parseBody(body: string): Expr {
  const tokens = body.match(/"[^"]*"|'[^']*'|\[(?:[^\]\\]|\\.)*\]|[A-Za-z][A-Za-z0-9]*|[()|?*+]/g) ?? [];
  const rest = body.replace(/"[^"]*"|'[^']*'|\[(?:[^\]\\]|\\.)*\]|[A-Za-z][A-Za-z0-9]*|[()|?*+]|\s+/g, '');
  if (rest !== '') throw new Error(`unreadable EBNF: ${rest} in ${body}`);
  let i = 0;
  const alternatives = (): Expr => {
    const options = [sequence()];
    while (tokens[i] === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? (options[0] as Expr) : { kind: 'alt', options };
  };
  const sequence = (): Expr => {
    const items: Expr[] = [];
    while (i < tokens.length && tokens[i] !== '|' && tokens[i] !== ')') {
      let item = primary();
      const op = tokens[i];
      if (op === '?' || op === '*' || op === '+') {
        i++;
        item = { kind: 'repeat', op, body: item };
      }
      items.push(item);
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: 'seq', items };
  };
  const primary = (): Expr => {
    const t = tokens[i++] as string;
    if (t === '(') {
      const inner = alternatives();
      if (tokens[i++] !== ')') throw new Error(`missing ")" in ${body}`);
      return inner;
    }
    if (t.startsWith('"') || t.startsWith("'")) return { kind: 'literal', text: t.slice(1, -1) };
    if (t.startsWith('[')) return { kind: 'charClass', text: t };
    if (/^[A-Za-z]/.test(t)) return { kind: 'ref', name: t };
    throw new Error(`unexpected "${t}" in ${body}`);
  };
  const expr = alternatives();
  if (i !== tokens.length) throw new Error(`trailing "${tokens[i]}" in ${body}`);
  return expr;
}

/** Every name an expression refers to. */
export function references(expr: Expr, out = new Set<string>()): Set<string> {
  switch (expr.kind) {
    case 'seq':
      for (const e of expr.items) references(e, out);
      break;
    case 'alt':
      for (const e of expr.options) references(e, out);
      break;
    case 'repeat':
      references(expr.body, out);
      break;
    case 'ref':
      out.add(expr.name);
      break;
    default:
      break;
  }
  return out;
}

/** The quoted words a lexical production lists (`Keyword ::= "webhook" | "slack" ...`). */
export function literalsOf(expr: Expr): string[] {
  if (expr.kind === 'literal') return [expr.text];
  if (expr.kind === 'alt') return expr.options.flatMap(literalsOf);
  return [];
}

/**
 * Whether the grammar's `start` production derives exactly this token
 * stream. Tokens are matched as the lexer types them: a quoted literal by its
 * text, `Identifier`, `Number`, `String`, `RawString` and `Keyword` by token
 * type (a contextual word such as `aria` is an `Identifier` too, as its
 * category says), and a token category by the choice the EBNF itself
 * writes for it.
 */
export function derives(ebnf: Ebnf, start: string, tokens: readonly LexedToken[]): boolean {
  const type = (i: number) => tokens[i]?.tokenType.name;
  const isString = (i: number) => type(i) === 'String' || type(i) === 'RawString';
  const base: Record<string, (i: number) => boolean> = {
    Identifier: (i) => type(i) === 'Identifier' || type(i) === 'AriaWord',
    Number: (i) => type(i) === 'Number',
    String: (i) => type(i) === 'String',
    RawString: (i) => type(i) === 'RawString',
    Keyword: (i) => type(i)?.startsWith('Kw_') === true,
  };
  const literal = (text: string, i: number) => i < tokens.length && !isString(i) && tokens[i]?.image === text;
  /** One token against a lexical production: a base token, or a category written as a choice. */
  const lexicalMatch = (name: string, i: number): boolean => {
    if (i >= tokens.length) return false;
    const test = base[name];
    if (test !== undefined) return test(i);
    const body = ebnf.rules.get(name);
    const options = body?.kind === 'alt' ? body.options : body === undefined ? [] : [body];
    if (options.length === 0) throw new Error(`no rule for the token "${name}"`);
    return options.some((o) =>
      o.kind === 'literal' ? literal(o.text, i) : o.kind === 'ref' && lexicalMatch(o.name, i),
    );
  };
  const memo = new Map<string, ReadonlySet<number>>();
  const ends = (expr: Expr, from: ReadonlySet<number>): Set<number> => {
    const out = new Set<number>();
    for (const pos of from) for (const end of endsAt(expr, pos)) out.add(end);
    return out;
  };
  const endsAt = (expr: Expr, pos: number): ReadonlySet<number> => {
    switch (expr.kind) {
      case 'literal':
        return literal(expr.text, pos) ? new Set([pos + 1]) : new Set();
      case 'ref': {
        if (ebnf.lexical.has(expr.name)) return lexicalMatch(expr.name, pos) ? new Set([pos + 1]) : new Set();
        const key = `${expr.name}@${pos}`;
        const known = memo.get(key);
        if (known !== undefined) return known;
        const body = ebnf.rules.get(expr.name);
        if (body === undefined) throw new Error(`no production for "${expr.name}"`);
        memo.set(key, new Set()); // no left recursion in this grammar; guards against a loop all the same
        const result = endsAt(body, pos);
        memo.set(key, result);
        return result;
      }
      case 'seq': {
        let at: ReadonlySet<number> = new Set([pos]);
        for (const item of expr.items) at = ends(item, at);
        return at;
      }
      case 'alt': {
        const out = new Set<number>();
        for (const option of expr.options) for (const end of endsAt(option, pos)) out.add(end);
        return out;
      }
      case 'repeat': {
        const out = new Set<number>(expr.op === '+' ? [] : [pos]);
        if (expr.op === '?') {
          for (const end of endsAt(expr.body, pos)) out.add(end);
          return out;
        }
        const pending = [...endsAt(expr.body, pos)];
        const seen = new Set<number>();
        for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
          if (seen.has(p)) continue;
          seen.add(p);
          out.add(p);
          pending.push(...endsAt(expr.body, p));
        }
        return out;
      }
      case 'charClass':
        throw new Error('character classes appear only in lexical rules');
    }
  };
  return endsAt({ kind: 'ref', name: start }, 0).has(tokens.length);
}
