import { type JsonText, spellFloat } from '@wbrules/compiler';

/**
 * JSON spelled the way Python's `json.dumps` writes it with its defaults:
 * `", "` and `": "` separators, non-ASCII characters as `\uXXXX` escapes
 * (`ensure_ascii`), floats as Python's `repr` (`1e-07`, `1e+16`, `0.0001`).
 * This is how W&B hands back the JSON strings it stores (the saved
 * `event.filter` and `requestPayload` of spec §8.4, as the update vectors'
 * `saved_trigger` show), so the local server answers with the same text.
 */
export function pythonJsonDumps(value: JsonText): string {
  switch (value.kind) {
    case 'object':
      return `{${value.entries.map(([k, v]) => `${asciiString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
    case 'array':
      return `[${value.items.map(pythonJsonDumps).join(', ')}]`;
    case 'string':
      return asciiString(value.value);
    case 'int':
      return value.text;
    case 'float':
      return pythonFloatRepr(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

/** A JSON string literal with every character above U+007E escaped as `\uXXXX` (lowercase hex, as Python writes it). */
function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Python's `repr(float)`: the shortest round-trip digits, positional when
 * the decimal exponent is in [-4, 16), else `d.ddde±XX` with at least two
 * exponent digits. (The SDK's own serializer, pydantic, differs below 1e-4.)
 */
export function pythonFloatRepr(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return spellFloat(x);
  const [mantissa = '', exponentText = '0'] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return spellFloat(x);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
