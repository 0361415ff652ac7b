import { LineIndex } from '@wbrules/dsl';
import { formatJsonPath, type ValidationProblem, validate } from '@wbrules/runtime';
import { ExitCode, InputError } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { workflowCommand } from '../github.js';
import { readJsonFile } from '../json-file.js';
import { type DiagnosticFormat, jsonText, plural } from '../output.js';
import { printable } from '../printable.js';

/** Options of `wbrules validate`. */
export interface ValidateCommandOptions {
  readonly format: Extract<DiagnosticFormat, 'text' | 'json' | 'github'>;
}

/** One problem as `--format json` prints it (on stdout: problems are what `validate` reports). */
export interface JsonValidationProblem {
  readonly file: string;
  /** 1-based position of the payload in the file. */
  readonly line: number;
  readonly column: number;
  /** The payload's index in the array. */
  readonly index: number;
  /** The JSON path from the array (`[2].eventFilter.run_filter`). */
  readonly path: string;
  readonly code: string;
  readonly severity: 'error';
  readonly message: string;
}

/**
 * `wbrules validate <payloads.json>`: checks a JSON array of
 * `CreateFilterTriggerInput` / `UpdateFilterTriggerInput` objects, or of
 * `wbrules compile` output objects (whose `input` is checked), offline,
 * against the GraphQL schema and the shapes of the JSON strings inside
 * (see `@wbrules/runtime`'s `validate`). Prints `ok: N payloads valid` when
 * every one is, else one line per problem,
 * `file:line:col: error[CODE]: at [i].path: message` (the position is the
 * payload's), and exits 1. Payloads without their `scopeID` or
 * `integrationID` (`wbrules compile` output made without `--ids`) get one
 * line for all of them, saying how to compile with the IDs, instead of one
 * per missing field; `--format json` (and `github`, one workflow command
 * each) still lists each. A single object is taken as an array of one.
 */
export function validateCommand(input: string, options: ValidateCommandOptions, io: Io): ExitCode {
  const source = readInput(input);
  const { value, elementOffsets } = readJsonFile(source, 'the payload file');
  if (typeof value !== 'object' || value === null) {
    throw new InputError(source.file, 'the payload file must hold a JSON array of payloads (or one payload object)');
  }
  const payloads: readonly unknown[] = Array.isArray(value) ? value : [value];
  const offsets = Array.isArray(value) ? elementOffsets : [source.text.search(/\S/)];
  const lines = new LineIndex(source.text);
  const problems: JsonValidationProblem[] = [];
  let invalid = 0;
  payloads.forEach((payload, index) => {
    const compiled = isCompileOutput(payload);
    const result = validate(compiled ? (payload as { input: unknown }).input : payload);
    if (result.ok) return;
    invalid++;
    const position = lines.locate(Math.max(0, offsets[index] ?? 0));
    const prefix = `${Array.isArray(value) ? `[${index}]` : ''}${compiled ? '.input' : ''}`;
    for (const problem of result.problems) problems.push(located(source.file, position, index, prefix, problem));
  });
  if (options.format === 'json') {
    io.stdout(jsonText(problems));
  } else if (options.format === 'github') {
    io.stdout(problems.map(annotation).join(''));
  } else if (problems.length > 0) {
    const lines = textLines(problems);
    io.stdout(
      `${lines.map(printable).join('\n')}\n\n${invalid} of ${plural(payloads.length, 'payload')} invalid (${plural(lines.length, 'error')})\n`,
    );
  } else {
    io.stdout(`ok: ${plural(payloads.length, 'payload')} valid\n`);
  }
  return problems.length > 0 ? ExitCode.failed : ExitCode.ok;
}

/** The fields `wbrules compile` leaves out without `--ids`. */
const idFields = ['scopeID', 'integrationID'];

/** Whether a problem is only that a payload has no ID (it was compiled without `--ids`). */
function isMissingId(problem: JsonValidationProblem): boolean {
  const field = /\.([A-Za-z]+)$/.exec(problem.path)?.[1] ?? '';
  return problem.code === 'WR5001' && idFields.includes(field) && problem.message.endsWith('was not provided');
}

/**
 * The text lines: one per problem, except that the missing IDs of every
 * payload make one line, where the first of them was, that says how to
 * compile with the IDs.
 */
function textLines(problems: readonly JsonValidationProblem[]): string[] {
  const missing = problems.filter(isMissingId);
  const payloads = new Set(missing.map((p) => p.index)).size;
  const fields = idFields.filter((f) => missing.some((p) => p.path.endsWith(`.${f}`)));
  const lines: string[] = [];
  for (const p of problems) {
    if (!isMissingId(p)) lines.push(`${p.file}:${p.line}:${p.column}: error[${p.code}]: at ${p.path}: ${p.message}`);
    else if (p === missing[0]) {
      lines.push(
        `${p.file}:${p.line}:${p.column}: error[${p.code}]: ${plural(payloads, 'payload')} ${payloads === 1 ? 'lacks' : 'lack'} ${fields.length === 1 ? 'the ID' : 'the IDs'} ${fields.map((f) => `"${f}"`).join(' and ')}: "wbrules compile" writes the IDs only with --ids; look them up with "wbrules resolve FILES -o ids.json", then run "wbrules compile --ids ids.json FILES"`,
      );
    }
  }
  return lines;
}

/** A `wbrules compile` output object: `{name, file, line, scope, …, input}`, not an input itself. */
function isCompileOutput(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const record = payload as Record<string, unknown>;
  return (
    typeof record.input === 'object' &&
    record.input !== null &&
    !('eventFilter' in record) &&
    !('triggeringEventType' in record)
  );
}

function located(
  file: string,
  position: { line: number; column: number },
  index: number,
  prefix: string,
  problem: ValidationProblem,
): JsonValidationProblem {
  const path = problem.path.length === 0 && prefix !== '' ? prefix : formatJsonPath(problem.path, prefix);
  return {
    file,
    line: position.line,
    column: position.column,
    index,
    path,
    code: problem.code,
    severity: 'error',
    message: problem.message,
  };
}

/** `--format github`: a problem as an `::error` at its payload's first character. */
function annotation(p: JsonValidationProblem): string {
  const region = { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 };
  return workflowCommand({
    level: 'error',
    file: p.file,
    region,
    title: p.code,
    message: `at ${p.path}: ${p.message}`,
  });
}
