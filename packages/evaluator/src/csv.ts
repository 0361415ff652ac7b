/**
 * A small RFC 4180 CSV reader that keeps where each field starts, so a bad
 * row in a history export can be reported at its line and column.
 */

/** One field: its text (quotes removed, `""` unescaped) and offset in the file. */
export interface CsvField {
  readonly text: string;
  readonly offset: number;
}

/** The rows of a CSV text, or where it is malformed. */
export type CsvResult =
  | { readonly ok: true; readonly rows: readonly (readonly CsvField[])[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

/** Reads comma-separated rows; quoted fields may hold commas, quotes (`""`) and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): CsvResult {
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    const start = i;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return { ok: false, message: 'a quoted field is not closed', offset: start };
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        return { ok: false, message: 'a quoted field is followed by text before the next comma', offset: i };
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
    }
    row.push({ text: value, offset: start });
    if (i < n && text[i] === ',') {
      i++;
      continue;
    }
    // End of a line (or of the text).
    if (!(row.length === 1 && (row[0] as CsvField).text === '' && text[start] !== '"')) rows.push(row);
    row = [];
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (i >= n) break;
  }
  return { ok: true, rows };
}
