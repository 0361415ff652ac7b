import { readFileSync } from 'node:fs';
import { type IdMap, parseJsonOrdered, validateIdMap } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';

/** An ID map file read: the map, or why it cannot be used (one sentence, naming the file). */
export type IdMapFile = { readonly ok: true; readonly ids: IdMap } | { readonly ok: false; readonly message: string };

/**
 * Reads an ID map file as `wbrules compile --ids` does: JSON with no key
 * given twice in one object, whose sections map names to non-empty IDs.
 * Every problem is reported with the file's name (and line and column for
 * invalid JSON).
 */
export function readIdMapFile(path: string): IdMapFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return { ok: false, message: `cannot read the ID map "${path}": ${reason}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const checked = parseJsonOrdered(text, { duplicateKeys: 'reject' });
  if (!checked.ok) {
    const at = new LineIndex(text).locate(checked.error.offset);
    return {
      ok: false,
      message: `${path}:${at.line}:${at.column}: invalid JSON in the ID map: ${checked.error.message}`,
    };
  }
  const valid = validateIdMap(JSON.parse(text));
  if (!valid.ok) return { ok: false, message: valid.errors.map((e) => `${path}: ${e}`).join('\n') };
  return { ok: true, ids: valid.ids };
}
