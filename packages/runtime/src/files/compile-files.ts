import { compile, compileEntry, type CompileSource, type IdMap } from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import { expandFiles } from './expand-files.js';
import { readTextFile } from './read-text.js';

/** Options for {@link checkFiles} and {@link compileFiles}. */
export interface FilesOptions {
  /** The directory relative paths and globs start from (default: the process's); names stay relative to it. */
  readonly cwd?: string;
  /** An ID map: with it every `scopeID` and `integrationID` is filled. */
  readonly ids?: IdMap;
  /** The name standard input (`-`) is reported under (default `<stdin>`). */
  readonly stdinFilename?: string;
  /** The text of standard input (`-`), instead of reading file descriptor 0. */
  readonly stdin?: string | Uint8Array;
}

/** What {@link checkFiles} found. */
export interface CheckFilesResult {
  /** The files read, in order, by the names diagnostics carry. */
  readonly files: readonly string[];
  /** Every diagnostic (errors, warnings and notes), in the order `wbrules check` reports them. */
  readonly diagnostics: readonly Diagnostic[];
  /** Each file's text (byte order mark left out), by name: enough to turn spans into lines and columns. */
  readonly texts: ReadonlyMap<string, string>;
  /** How many rules the files declare (`checked 3 files: 12 rules`). */
  readonly rules: number;
}

/** One automation as `wbrules compile` prints it: `{name, file, line, scope, integration?, input}`. */
export type CompiledEntry = ReturnType<typeof compileEntry>;

/** What {@link compileFiles} produced. */
export interface CompileFilesResult {
  /** The automations, as `wbrules compile` prints them; empty when any diagnostic is an error. */
  readonly automations: readonly CompiledEntry[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  readonly texts: ReadonlyMap<string, string>;
}

/** The sources `patterns` name (see {@link expandFiles}), each read as `wbrules` reads it. */
export function readSourceFiles(patterns: readonly string[], options: FilesOptions = {}): CompileSource[] {
  return expandFiles(patterns, { cwd: options.cwd }).map((path) => {
    const { file, text } = readTextFile(path, options);
    return { file, text };
  });
}

/**
 * `wbrules check` as a function: reads the files, directories and globs in
 * `patterns`, then parses, resolves and checks them. Files that cannot be
 * read throw a `FileInputError` before anything is checked; problems
 * in the rules are diagnostics.
 */
export function checkFiles(patterns: readonly string[], options: FilesOptions = {}): CheckFilesResult {
  const sources = readSourceFiles(patterns, options);
  const { automations, diagnostics } = compile(sources, options.ids === undefined ? {} : { ids: options.ids });
  return { ...described(sources), diagnostics, rules: automations.length };
}

/**
 * `wbrules compile` as a function: {@link checkFiles}, and the automations
 * as `wbrules compile` prints them (`JSON.stringify(automations, null, 2)`
 * is its output) when no diagnostic is an error.
 */
export function compileFiles(patterns: readonly string[], options: FilesOptions = {}): CompileFilesResult {
  const sources = readSourceFiles(patterns, options);
  const { automations, diagnostics } = compile(sources, options.ids === undefined ? {} : { ids: options.ids });
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { ...described(sources), diagnostics, automations: failed ? [] : automations.map(compileEntry) };
}

function described(sources: readonly CompileSource[]): { files: string[]; texts: Map<string, string> } {
  return { files: sources.map((s) => s.file), texts: new Map(sources.map((s) => [s.file, s.text])) };
}
