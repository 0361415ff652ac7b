import { decompileAll } from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import { ExitCode } from '../exit-code.js';
import { readInput, writeFileAtomic } from '../files.js';
import { readIdMap } from '../ids-file.js';
import { readJsonFile } from '../json-file.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, reportDiagnostics } from '../output.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules decompile`. */
export interface DecompileCommandOptions {
  /** The ID map the payloads were compiled with: turns scope and integration IDs back into names. */
  readonly ids?: string;
  /** The entity the automations were listed from (names a saved automation's project). */
  readonly entity?: string;
  /** The organization's name (names a saved automation's registry or organization scope). */
  readonly org?: string;
  /** Write the source here instead of stdout. */
  readonly output?: string;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules decompile <payloads.json>`: prints one `.wbrules` file for a JSON
 * array of `wbrules compile` output entries (whose `scope` and
 * `integration` carry the names, so no ID map is needed),
 * `CreateFilterTriggerInput` objects or saved automations (a single object
 * is taken as an array of one; `-` reads stdin). A payload the language
 * cannot express gets a diagnostic and no rule. A rule whose scope or
 * integration cannot be named (a bare payload's IDs without `--ids`) is
 * printed commented out, below a list of the names that are missing, with
 * an error that says which name and how to supply it: what could be
 * decompiled is not lost, and no source is printed that would fail `check`.
 * Any error gives exit code 1. Payloads have no source text, so each
 * diagnostic points at its payload in the JSON file.
 */
export function decompileCommand(input: string, options: DecompileCommandOptions, io: Io): ExitCode {
  const source = readInput(input);
  const { value, elementOffsets } = readJsonFile(source, 'the payload file');
  const ids = options.ids === undefined ? undefined : readIdMap(options.ids);
  const payloads: readonly unknown[] = Array.isArray(value) ? value : [value];
  const result = decompileAll(payloads, {
    ...(ids === undefined ? {} : { ids }),
    ...(options.entity === undefined ? {} : { entity: options.entity }),
    ...(options.org === undefined ? {} : { organization: options.org }),
  });
  const start = source.text.search(/\S/);
  const wholeFile = { start: Math.max(0, start), end: Math.max(0, start) + 1 };
  const offsets = Array.isArray(value) ? elementOffsets : [wholeFile.start];
  const located: Diagnostic[] = [];
  result.results.forEach((one, i) => {
    const at = offsets[i];
    const span = at === undefined ? wholeFile : { start: at, end: at + 1 };
    for (const d of one.diagnostics) located.push({ ...d, file: source.file, span });
  });
  // After the per-payload ones come those about the file as a whole.
  for (const d of result.diagnostics.slice(located.length)) located.push({ ...d, file: source.file, span: wholeFile });
  if (options.output !== undefined) writeFileAtomic(options.output, result.text);
  else io.stdout(result.text);
  const sources = new SourceTexts();
  sources.add(source.file, source.text);
  reportDiagnostics(io, options.format, located, sources, source.file);
  return hasErrors(located) ? ExitCode.failed : ExitCode.ok;
}
