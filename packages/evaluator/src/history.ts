/**
 * Reads recorded run histories for `wbrules replay`: the text of a JSON
 * Lines or CSV export with one row per logged step, in the shapes W&B
 * produces.
 *
 * - `run.history()` (and `scan_history()`) rows: `_step`, `_runtime`,
 *   `_timestamp` and one column per metric. Several runs per file need a run
 *   column: `run_name`, `display_name`, `name` or `run` for the display
 *   name, `run_id` or `id` for the ID (or one named explicitly).
 * - The W&B App's CSV export of a line plot: a `Step` column and one column
 *   per run and metric, `RUN - METRIC` (its `__MIN`/`__MAX` columns are
 *   skipped).
 *
 * Columns starting with `_` are W&B's own; a value that is not a number (an
 * image, a table, text) is not a metric value. `NaN` and `Infinity`, bare
 * or quoted, are logged non-finite values. Pure: the caller reads the file.
 */

import type { Diagnostic, DiagnosticCode } from '@wbrules/dsl';
import { diagnosticCodes } from '@wbrules/dsl';
import { type CsvField, parseCsv } from './csv.js';
import type { RunHistory } from './run-history.js';

/** Options of {@link parseHistory}. */
export interface HistoryOptions {
  /** The name diagnostics carry. */
  readonly file: string;
  /** Default: JSON Lines when the first non-blank character is `{`, else CSV. */
  readonly format?: 'jsonl' | 'csv';
  /** The column holding the run's name (default: the first of the usual names present). */
  readonly runColumn?: string;
  /** The run's name when the file has no run column (one run per file). */
  readonly defaultRun: string;
}

/** Where event times come from: W&B's wall clock, the run's own clock, or (with neither) the step as seconds. */
export type TimeSource = '_timestamp' | '_runtime' | 'step';

/** The runs of a history file, what was read, and every problem. */
export interface HistoryParse {
  readonly runs: readonly RunHistory[];
  readonly format: 'jsonl' | 'csv';
  readonly timeSource: TimeSource;
  readonly rows: number;
  readonly diagnostics: readonly Diagnostic[];
}

const NAME_COLUMNS = ['run_name', 'display_name', 'name', 'run'];
const ID_COLUMNS = ['run_id', 'id'];
const STEP_COLUMNS = ['_step', 'Step', 'step'];
const NONFINITE = '\u0000nonfinite:';

/** One row of any format: where it starts and its cells. */
interface Row {
  readonly offset: number;
  readonly cells: ReadonlyMap<string, unknown>;
}

/** Parses a history export. */
export function parseHistory(text: string, options: HistoryOptions): HistoryParse {
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, start: number, end = start + 1): void => {
    diagnostics.push({
      code,
      severity: diagnosticCodes[code].severity,
      message,
      span: { start, end },
      file: options.file,
    });
  };
  const format = options.format ?? (/^\s*\{/.test(text) ? 'jsonl' : 'csv');
  const rows = format === 'jsonl' ? jsonRows(text, report) : csvRows(text, report);
  const empty = { runs: [], format, timeSource: 'step' as TimeSource, rows: rows.length, diagnostics };
  if (rows.length === 0) return empty;
  const columns = new Set<string>();
  for (const row of rows) for (const key of row.cells.keys()) columns.add(key);
  const stepColumn = STEP_COLUMNS.find((c) => columns.has(c));
  if (stepColumn === undefined) {
    report(
      'WR6015',
      'the history has no "_step" column (nor "Step"), so its rows cannot be placed',
      rows[0]?.offset ?? 0,
    );
    return empty;
  }
  const timeSource: TimeSource = columns.has('_timestamp')
    ? '_timestamp'
    : columns.has('_runtime')
      ? '_runtime'
      : 'step';
  if (options.runColumn !== undefined && !columns.has(options.runColumn)) {
    report('WR6015', `the history has no column "${options.runColumn}"`, rows[0]?.offset ?? 0);
    return empty;
  }
  const nameColumn = options.runColumn ?? NAME_COLUMNS.find((c) => columns.has(c));
  const idColumn = options.runColumn === undefined ? ID_COLUMNS.find((c) => columns.has(c)) : undefined;
  const wide = nameColumn === undefined && idColumn === undefined && [...columns].some((c) => c.includes(' - '));
  const special = new Set([stepColumn, nameColumn, idColumn, '_timestamp', '_runtime']);

  const builders = new Map<string, RunBuilder>();
  const builder = (id: string, name: string): RunBuilder => {
    let b = builders.get(id);
    if (b === undefined) {
      b = new RunBuilder(id, name);
      builders.set(id, b);
    }
    return b;
  };
  for (const row of rows) {
    const step = numberOf(row.cells.get(stepColumn));
    if (step === undefined || !Number.isFinite(step)) {
      report('WR6014', `the row has no numeric "${stepColumn}"`, row.offset);
      continue;
    }
    const time = timeSource === 'step' ? step : (numberOf(row.cells.get(timeSource)) ?? Number.NaN);
    if (wide) {
      for (const [column, cell] of row.cells) {
        const split = column.indexOf(' - ');
        if (column === stepColumn || split < 0 || /__(MIN|MAX)$/.test(column)) continue;
        const value = numberOf(cell);
        if (value === undefined) continue;
        const run = column.slice(0, split);
        const b = builder(run, run);
        if (!b.at(step, time, row.offset, report)) continue;
        b.set(column.slice(split + 3), value);
      }
      continue;
    }
    const idCell = idColumn === undefined ? undefined : row.cells.get(idColumn);
    const nameCell = nameColumn === undefined ? undefined : row.cells.get(nameColumn);
    const id = idCell === undefined || idCell === null ? undefined : String(idCell);
    const name = nameCell === undefined || nameCell === null ? undefined : String(nameCell);
    const b = builder(id ?? name ?? options.defaultRun, name ?? id ?? options.defaultRun);
    if (!b.at(step, time, row.offset, report)) continue;
    for (const [column, cell] of row.cells) {
      if (special.has(column) || column.startsWith('_')) continue;
      const value = numberOf(cell);
      if (value !== undefined) b.set(column, value);
    }
  }
  return { runs: [...builders.values()].map((b) => b.build()), format, timeSource, rows: rows.length, diagnostics };
}

/** Collects one run's rows into columns. */
class RunBuilder {
  private readonly steps: number[] = [];
  private readonly times: number[] = [];
  private readonly columns = new Map<string, (number | null)[]>();

  constructor(
    private readonly id: string,
    private readonly name: string,
  ) {}

  /** Moves to `step` (a repeated step adds to the same row); false for a step lower than the last one. */
  at(
    step: number,
    time: number,
    offset: number,
    report: (code: DiagnosticCode, message: string, start: number) => void,
  ): boolean {
    const last = this.steps[this.steps.length - 1];
    if (last !== undefined && step < last) {
      report(
        'WR6016',
        `step ${step} of run "${this.name}" comes after step ${last}; rows of a run must be in step order`,
        offset,
      );
      return false;
    }
    if (last !== step) {
      this.steps.push(step);
      this.times.push(Number.isNaN(time) ? (this.times[this.times.length - 1] ?? step) : time);
      for (const column of this.columns.values()) column.push(null);
    }
    return true;
  }

  set(metric: string, value: number): void {
    let column = this.columns.get(metric);
    if (column === undefined) {
      column = new Array<number | null>(this.steps.length).fill(null);
      this.columns.set(metric, column);
    }
    column[this.steps.length - 1] = value;
  }

  build(): RunHistory {
    return {
      run: { id: this.id, name: this.name },
      steps: this.steps,
      times: this.times,
      metrics: this.columns,
      states: [],
    };
  }
}

/** A cell as a metric value: numbers, and the spellings of NaN and ±Infinity; anything else is not a metric value. */
function numberOf(cell: unknown): number | undefined {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string') return undefined;
  const text = cell.startsWith(NONFINITE) ? cell.slice(NONFINITE.length) : cell.trim();
  if (text === '') return undefined;
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf' || lower === '+infinity')
    return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text) ? Number(text) : undefined;
}

type Report = (code: DiagnosticCode, message: string, start: number, end?: number) => void;

/** JSON Lines rows; Python's bare `NaN`/`Infinity` tokens are accepted. */
function jsonRows(text: string, report: Report): Row[] {
  const rows: Row[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(withNonFiniteStrings(line));
    } catch (error) {
      report(
        'WR6014',
        `the line is not valid JSON: ${lowerFirst(error instanceof Error ? error.message : String(error))}`,
        start,
        start + line.length,
      );
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report('WR6014', 'the line is not a JSON object (one object per logged step)', start, start + line.length);
      continue;
    }
    rows.push({ offset: start, cells: new Map(Object.entries(value)) });
  }
  return rows;
}

/** Replaces bare `NaN`, `Infinity`, `-Infinity` outside strings with marked strings JSON can carry. */
function withNonFiniteStrings(line: string): string {
  if (!/NaN|Infinity/.test(line)) return line;
  return line.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : JSON.stringify(NONFINITE + token),
  );
}

/** CSV rows keyed by the header row. */
function csvRows(text: string, report: Report): Row[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    report('WR6014', parsed.message, parsed.offset);
    return [];
  }
  const [header, ...body] = parsed.rows;
  if (header === undefined) return [];
  const names = header.map((f) => f.text.trim());
  const rows: Row[] = [];
  for (const fields of body) {
    if (fields.length > names.length) {
      const extra = fields[names.length] as CsvField;
      report('WR6014', `the row has ${fields.length} fields but the header names ${names.length}`, extra.offset);
      continue;
    }
    const cells = new Map<string, unknown>();
    fields.forEach((field, i) => {
      if (field.text !== '') cells.set(names[i] as string, field.text);
    });
    rows.push({ offset: (fields[0] as CsvField).offset, cells });
  }
  return rows;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, '');
}
