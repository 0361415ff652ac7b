import { LineIndex } from '@wbrules/dsl';
import { formatJsonPath, type ValidationProblem, validate } from '@wbrules/runtime';
import { ExitCode, InputError } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { arrayElementOffsets, parseJsonFile } from '../json-file.js';
import { type DiagnosticFormat, jsonText, plural } from '../output.js';

/** Options of `wbrules validate`. */
export interface ValidateCommandOptions {
  readonly format: Extract<DiagnosticFormat, 'text' | 'json'>;
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
 * payload's), and exits 1. A single object is taken as an array of one.
 */
export function validateCommand(input: string, options: ValidateCommandOptions, io: Io): ExitCode {
  const source = readInput(input);
  const value = parseJsonFile(source, 'the payload file');
  if (typeof value !== 'object' || value === null) {
    throw new InputError(source.file, 'the payload file must hold a JSON array of payloads (or one payload object)');
  }
  const payloads: readonly unknown[] = Array.isArray(value) ? value : [value];
  const offsets = Array.isArray(value) ? arrayElementOffsets(source.text) : [source.text.search(/\S/)];
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
  } else if (problems.length > 0) {
    const text = problems.map((p) => `${p.file}:${p.line}:${p.column}: error[${p.code}]: at ${p.path}: ${p.message}`);
    io.stdout(
      `${text.join('\n')}\n\n${invalid} of ${plural(payloads.length, 'payload')} invalid (${plural(problems.length, 'error')})\n`,
    );
  } else {
    io.stdout(`ok: ${plural(payloads.length, 'payload')} valid\n`);
  }
  return problems.length > 0 ? ExitCode.failed : ExitCode.ok;
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
