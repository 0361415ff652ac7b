/**
 * Keeps the API key out of every message. Text the client did not write
 * (server error messages, network error descriptions) may echo the key or
 * the `Authorization` header; both spellings are replaced before any such
 * text reaches an error, a log line or the terminal.
 */

/** The placeholder that stands for a removed secret. */
export const redacted = '[redacted]';

/** The `Authorization` header value for an API key (HTTP basic, user `api`, as the wandb SDK sends it). */
export function basicAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(`api:${apiKey}`, 'utf8').toString('base64')}`;
}

/** A function that removes `apiKey` (raw, and as its basic-auth header value) from any text. */
export function redactor(apiKey: string): (text: string) => string {
  const secrets = [basicAuthorization(apiKey).slice('Basic '.length), apiKey].filter((s) => s.length > 0);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(redacted);
    return out;
  };
}
