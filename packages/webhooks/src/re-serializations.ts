/**
 * What a JSON body becomes when a program parses it and serializes it again,
 * as receivers (and test senders) do when they hash `JSON.stringify(req.body)`
 * or Python's `json.dumps(request.json)` instead of the bytes on the wire.
 */

/** The distinct re-serializations of a JSON text that differ from it; none when it is not JSON. */
export function reSerializations(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const forms = [JSON.stringify(value), JSON.stringify(value, null, 2), pythonJsonDumps(value)];
  return [...new Set(forms)].filter((form) => form !== text);
}

/**
 * Python's `json.dumps(value)` with its defaults: `", "` and `": "` separators
 * and `ensure_ascii` (everything outside printable ASCII as `\uXXXX`). Numbers
 * are spelled as JavaScript spells them, which is Python's spelling for the
 * integers and most floats a webhook payload carries.
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, member]) => `${asciiJson(key)}: ${pythonJsonDumps(member)}`);
    return `{${members.join(', ')}}`;
  }
  return asciiJson(value);
}

function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
