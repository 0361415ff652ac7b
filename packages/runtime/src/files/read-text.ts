import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The name text read from standard input (`-`) is reported under when no other is given. */
export const stdinName = '<stdin>';

/**
 * Why an input could not be used, before any rule in it is looked at:
 * `unreadable` (missing, a directory without sources, permission denied),
 * `no-match` (a glob that matched nothing) or `not-text` (bytes that are not
 * UTF-8). The first two are the caller's mistake (`wbrules` exits 2); the
 * last is the file's (exit 1, reported as `FILE: error: MESSAGE`).
 */
export type FileInputProblem = 'unreadable' | 'no-match' | 'not-text';

/** An input that could not be read as text; `message` is one sentence naming it. */
export class FileInputError extends Error {
  override readonly name = 'FileInputError';

  constructor(
    /** The path or pattern as the caller gave it (or `<stdin>`, or the name given for it). */
    readonly file: string,
    readonly problem: FileInputProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A file's text as read, with the name it is reported under. */
export interface TextFile {
  /** The path as the caller gave it (or joined under a directory they gave), or the name of standard input. */
  readonly file: string;
  /** The text, without the byte order mark if the file began with one. */
  readonly text: string;
  /** Whether the file began with a byte order mark (which `text` leaves out). */
  readonly bom: boolean;
}

/** Options for {@link readTextFile}. */
export interface ReadTextOptions {
  /** The directory relative paths are read from (default: the process's). */
  readonly cwd?: string;
  /** The name standard input (`-`) is reported under (default `<stdin>`). */
  readonly stdinFilename?: string;
  /** The bytes (or text) of standard input, instead of reading file descriptor 0. */
  readonly stdin?: string | Uint8Array;
}

// `ignoreBOM` keeps a byte order mark in the text (the default drops it unseen), so it can be reported.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads one input as UTF-8 text (`-` reads standard input). A leading byte
 * order mark is dropped so editors that add one do not cause a syntax error
 * (`bom` says it was there, so a rewrite can put it back). An unreadable
 * file, or bytes that are not UTF-8, throw a {@link FileInputError}.
 */
export function readTextFile(path: string, options: ReadTextOptions = {}): TextFile {
  const isStdin = path === '-';
  const file = isStdin ? (options.stdinFilename ?? stdinName) : path;
  let bytes: Uint8Array;
  if (isStdin && options.stdin !== undefined) {
    bytes = typeof options.stdin === 'string' ? Buffer.from(options.stdin, 'utf8') : options.stdin;
  } else {
    try {
      bytes = readFileSync(isStdin ? 0 : resolve(options.cwd ?? '.', path));
    } catch (error) {
      throw new FileInputError(file, 'unreadable', `cannot read "${file}": ${describeFsError(error)}`);
    }
  }
  return decodeText(bytes, file);
}

/** `bytes` as UTF-8 text named `file`, as {@link readTextFile} decodes them. */
export function decodeText(bytes: Uint8Array, file: string): TextFile {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new FileInputError(file, 'not-text', 'the file is not valid UTF-8 text');
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { file, text: bom ? text.slice(1) : text, bom };
}

/** A short lowercase reason for a file-system error (`no such file or directory`), never a stack. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
