import { format } from '@wbrules/dsl';
import type { TextEdit } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toRange } from './positions.js';

/**
 * Whole-document formatting as one edit covering only what changed (the
 * common prefix and suffix left out), so the editor keeps the cursor and
 * folds of untouched text. A document with a syntax error is left as it is:
 * `format` never rewrites what it could not parse.
 */
export function formatDocument(analysis: DocumentAnalysis): TextEdit[] {
  const before = analysis.text;
  const after = format(before);
  if (after === before) return [];
  const min = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < min && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < min - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Keep surrogate pairs whole on both sides of the edit.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return [
    {
      range: toRange(analysis.lines, { start: prefix, end: before.length - suffix }),
      newText: after.slice(prefix, after.length - suffix),
    },
  ];
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
