/**
 * Text from a file or a server, made safe to print. A name, a server's
 * error message or a cell of a history file may hold control characters
 * (`ESC]0;…BEL` sets the terminal's title, `ESC[2J` clears it, a carriage
 * return overwrites the line already printed); printed raw, they would drive
 * the terminal of whoever reads the output. Every such string goes through
 * {@link printable} (or {@link quoted}) before it is printed, so it shows
 * as the escapes a source would write (`\u001b`), as `plan` and `pull`
 * always showed names. (Code frames escape their messages the same way, in
 * `@wbrules/dsl`'s `renderDiagnostic`.)
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const controls = /[\u0000-\u001f\u007f-\u009f]/g;

const short: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(char: string): string {
  return short[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` on one line, every control character (C0, DEL, C1; line breaks and tabs too) written as its escape. */
export function printable(text: string): string {
  return text.replace(controls, escaped);
}

/** Lines of `text`, each {@link printable}: its own line breaks are kept, nothing else. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** A name as messages quote it: a JSON string, with DEL and the C1 controls (which JSON leaves raw) escaped too. */
export function quoted(text: string): string {
  return printable(JSON.stringify(text));
}

const rawInJson = /[\u007f-\u009f]/g;

/** JSON text as `JSON.stringify` writes it, with DEL and the C1 controls (the only ones it leaves raw) escaped: the same JSON value. */
export function printableJson(json: string): string {
  return json.replace(rawInJson, escaped);
}
