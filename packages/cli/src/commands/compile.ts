import type { IdMap } from '@wbrules/compiler';
import { compileFiles } from '@wbrules/runtime/files';
import { ExitCode } from '../exit-code.js';
import { cliError, writeFileAtomicPieces } from '../files.js';
import { readIdMap } from '../ids-file.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonArrayChunks, reportDiagnostics, tooManyWarnings } from '../output.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules compile`. */
export interface CompileCommandOptions {
  /** An ID map file; with it every `scopeID`/`integrationID` is filled. */
  readonly ids?: string;
  /** Write the JSON here (atomically) instead of to stdout. */
  readonly output?: string;
  /** Fail (nothing printed or written) when there are more warnings than this. */
  readonly maxWarnings?: number;
  readonly format: DiagnosticFormat;
  /** `--stdin-filename`: the name standard input (`-`) is reported under. */
  readonly stdinFilename?: string;
}

/**
 * `wbrules compile <files…> [--ids <file>] [-o <file>]`: `compileFiles` (the
 * API of `@wbrules/runtime/files`, so both give the same), printed as a JSON array
 * with one object per automation in source order (files in the order given,
 * directories sorted). The same sources and ID map always give the same
 * bytes. On any error, or more warnings than `--max-warnings`, nothing is
 * printed or written, and the exit code is 1.
 */
export async function compileCommand(
  inputs: readonly string[],
  options: CompileCommandOptions,
  io: Io,
): Promise<ExitCode> {
  const ids: IdMap | undefined = options.ids === undefined ? undefined : readIdMap(options.ids);
  let result: ReturnType<typeof compileFiles>;
  try {
    result = compileFiles(inputs, {
      ...(ids === undefined ? {} : { ids }),
      ...(options.stdinFilename === undefined ? {} : { stdinFilename: options.stdinFilename }),
    });
  } catch (error) {
    throw cliError(error);
  }
  const { automations, diagnostics, files } = result;
  const texts = SourceTexts.of(result.texts);
  const tooMany = hasErrors(diagnostics) ? undefined : tooManyWarnings(diagnostics, options.maxWarnings);
  const failed = hasErrors(diagnostics) || tooMany !== undefined;
  if (!failed) {
    const chunks = jsonArrayChunks(automations, (entry) => entry);
    if (options.output === undefined) await printChunks(io, chunks);
    else await writeFileAtomicPieces(options.output, chunks);
  }
  reportDiagnostics(io, options.format, diagnostics, texts, files[0] ?? '');
  if (tooMany !== undefined) io.stderr(tooMany);
  return failed ? ExitCode.failed : ExitCode.ok;
}

/**
 * Prints `chunks` to stdout as the reader takes them: each piece is made only
 * once the one before has gone out (or is queued within the stream's limit),
 * so a slow reader (`| less`) never makes the whole output pile up in memory,
 * and once stdout is closed (`| head`) no more is made.
 */
async function printChunks(io: Io, chunks: Iterable<string>): Promise<void> {
  const paced = io.stdoutPaced;
  if (paced === undefined) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  for (const chunk of chunks) {
    const open = paced(chunk);
    if (!(open === true || (await open))) return;
  }
}
