/**
 * Reading `~/.netrc`, where `wandb login` stores the API key: an entry
 * `machine api.wandb.ai login user password <key>` (the SDK looks the entry
 * up by the base URL's host name, without the port). The tokens are read as
 * Python's `netrc` module reads them, since that is what the SDK uses: they
 * are separated by any whitespace; a token in double quotes may hold spaces,
 * `#` and escaped quotes (`"p a\"ss"`); a backslash takes the next character
 * literally. `default` matches every host when no `machine` does; `macdef`
 * bodies (up to a blank line) are skipped; a line starting with `#` is a
 * comment.
 */

/** One entry of a netrc file. */
export interface NetrcEntry {
  /** The host name, or `undefined` for the `default` entry. */
  readonly machine: string | undefined;
  readonly login?: string;
  readonly password?: string;
}

/** A token and the line it starts on (macdef bodies end at a blank line). */
interface Token {
  readonly value: string;
  /** Whether it was written in quotes, so `"macdef"` as a password is not a keyword. */
  readonly quoted: boolean;
  readonly line: number;
}

/** Parses netrc text. Never throws: unknown tokens are skipped, as the Python and curl readers do. */
export function parseNetrc(text: string): NetrcEntry[] {
  const { tokens, blankLines } = tokenize(text);
  const entries: { machine: string | undefined; login?: string; password?: string }[] = [];
  let current: (typeof entries)[number] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const keyword = token.quoted ? undefined : token.value;
    if (keyword === 'machine') {
      current = { machine: tokens[++i]?.value };
      entries.push(current);
    } else if (keyword === 'default') {
      current = { machine: undefined };
      entries.push(current);
    } else if (keyword === 'macdef') {
      // The macro's name and body: everything up to the next blank line.
      const end = blankLines.find((line) => line > token.line) ?? Number.POSITIVE_INFINITY;
      while (i + 1 < tokens.length && (tokens[i + 1] as Token).line < end) i++;
    } else if (current !== undefined && (keyword === 'login' || keyword === 'password' || keyword === 'account')) {
      const value = tokens[++i]?.value;
      if (value !== undefined && keyword !== 'account') current[keyword] = value;
    }
  }
  return entries;
}

/**
 * The password of the entry for `host`: the first `machine` of that name,
 * else (for `localhost` and `127.0.0.1`, which name the same server) the
 * first entry for the other name, else `default`.
 */
export function netrcPassword(text: string, host: string): string | undefined {
  const entries = parseNetrc(text);
  const wanted = host.toLowerCase();
  const alias = wanted === 'localhost' ? '127.0.0.1' : wanted === '127.0.0.1' ? 'localhost' : undefined;
  const entry =
    entries.find((e) => e.machine?.toLowerCase() === wanted) ??
    (alias === undefined ? undefined : entries.find((e) => e.machine?.toLowerCase() === alias)) ??
    entries.find((e) => e.machine === undefined);
  return entry?.password;
}

/** Splits netrc text into tokens, skipping comment lines; also returns the numbers of the blank lines. */
function tokenize(text: string): { tokens: Token[]; blankLines: number[] } {
  const tokens: Token[] = [];
  const blankLines: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    if (line.trim() === '') blankLines.push(n);
    if (line.trimStart().startsWith('#')) continue;
    let i = 0;
    while (i < line.length) {
      const c = line[i] as string;
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      const quoted = c === '"';
      let value = '';
      if (quoted) i++;
      while (i < line.length) {
        const d = line[i] as string;
        if (quoted ? d === '"' : /\s/.test(d)) break;
        if (d === '\\' && i + 1 < line.length) {
          value += line[i + 1];
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      if (quoted) i++; // the closing quote (an unclosed one ends at the end of the line)
      tokens.push({ value, quoted, line: n });
    }
  }
  return { tokens, blankLines };
}
