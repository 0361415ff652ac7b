/**
 * Reading `~/.netrc`, where `wandb login` stores the API key: an entry
 * `machine api.wandb.ai login user password <key>` (the SDK looks the entry
 * up by the base URL's host name, without the port). Tokens are separated by
 * any whitespace; `default` matches every host when no `machine` does;
 * `macdef` bodies (up to a blank line) are skipped; `#` starts a comment.
 */

/** One entry of a netrc file. */
export interface NetrcEntry {
  /** The host name, or `undefined` for the `default` entry. */
  readonly machine: string | undefined;
  readonly login?: string;
  readonly password?: string;
}

/** Parses netrc text. Never throws: unknown tokens are skipped, as the Python and curl readers do. */
export function parseNetrc(text: string): NetrcEntry[] {
  const entries: { machine: string | undefined; login?: string; password?: string }[] = [];
  const lines = text.split(/\r?\n/);
  const tokens: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trimStart().startsWith('#')) continue;
    const words = line.split(/\s+/).filter((w) => w !== '');
    if (words[0] === 'macdef') {
      while (i + 1 < lines.length && (lines[i + 1] as string).trim() !== '') i++;
      continue;
    }
    tokens.push(...words);
  }
  let current: (typeof entries)[number] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === 'machine') {
      current = { machine: tokens[++i] };
      entries.push(current);
    } else if (token === 'default') {
      current = { machine: undefined };
      entries.push(current);
    } else if (current !== undefined && (token === 'login' || token === 'password' || token === 'account')) {
      const value = tokens[++i];
      if (value !== undefined && token !== 'account') current[token] = value;
    }
  }
  return entries;
}

/** The password of the entry for `host` (the first `machine` match, else `default`), if any. */
export function netrcPassword(text: string, host: string): string | undefined {
  const entries = parseNetrc(text);
  const wanted = host.toLowerCase();
  const entry =
    entries.find((e) => e.machine?.toLowerCase() === wanted) ?? entries.find((e) => e.machine === undefined);
  return entry?.password;
}
