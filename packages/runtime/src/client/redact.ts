/**
 * Keeps the API key out of every message. Text the client did not write
 * (server error messages, network error descriptions, names of saved
 * automations) may echo the key, the `Authorization` header, or the key
 * encoded; every spelling the redactor knows is replaced before any such
 * text reaches an error, a log line or the terminal. A key too short to be
 * told apart from ordinary text (`k` would be "redacted" out of every
 * word) is refused instead, by {@link checkApiKey}.
 */

/** The placeholder that stands for a removed secret. */
export const redacted = '[redacted]';

/**
 * The fewest characters an API key may have. W&B's keys have 40 (86 on
 * newer servers); a shorter one would be found, and replaced, inside
 * ordinary words of the messages it is kept out of.
 */
export const minimumKeyLength = 8;

/** Why `apiKey` cannot be used (it is too short to be redacted reliably), or `undefined` when it can. */
export function checkApiKey(apiKey: string, from: string): string | undefined {
  const length = [...apiKey].length;
  if (length >= minimumKeyLength) return undefined;
  return `the API key from ${from} has ${length} ${length === 1 ? 'character' : 'characters'}, fewer than the ${minimumKeyLength} needed to keep it out of every message (W&B's keys have 40)`;
}

/** The `Authorization` header value for an API key (HTTP basic, user `api`, as the wandb SDK sends it). */
export function basicAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(`api:${apiKey}`, 'utf8').toString('base64')}`;
}

/**
 * Every spelling of `secret` that is redacted: as it is, and base64 and
 * base64url (padded and not) of it and of `api:secret` (the basic-auth
 * credentials), longest first so that a longer spelling goes before a part
 * of it.
 */
export function secretSpellings(secret: string): string[] {
  if (secret === '') return [];
  const spellings = new Set<string>([secret]);
  for (const text of [secret, `api:${secret}`]) {
    const base64 = Buffer.from(text, 'utf8').toString('base64');
    const unpadded = base64.replace(/=+$/, '');
    spellings.add(base64);
    spellings.add(unpadded);
    spellings.add(unpadded.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...spellings].sort((a, b) => b.length - a.length);
}

/** A function that removes `apiKey` (every spelling of {@link secretSpellings}) from any text. */
export function redactor(apiKey: string): (text: string) => string {
  const secrets = secretSpellings(apiKey);
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(redacted);
    return out;
  };
}

/** `scheme://userinfo@`: credentials written into a URL. */
const urlCredentials = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/g;

/**
 * `text` with the user information of every URL in it (`http://api:KEY@host`,
 * `https://TOKEN@host`) replaced by {@link redacted}: credentials written into
 * a URL are never printed back, not even when the URL is malformed.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(urlCredentials, `$1${redacted}@`);
}
