import type { CompileSource } from '@wbrules/compiler';
import { type ExpandOptions, expandInputs, readInput } from './files.js';
import { SourceTexts } from './source-texts.js';

/** The sources one command compiles, and their texts for rendering diagnostics. */
export interface ReadSources {
  readonly sources: readonly CompileSource[];
  readonly texts: SourceTexts;
}

/**
 * Reads every file named on the command line (directories expanded to their
 * `*.wbrules` files, globs to the files they match), all before any is
 * compiled, so a missing file is a usage error before any output.
 */
export function readSources(inputs: readonly string[], options: ExpandOptions = {}): ReadSources {
  const texts = new SourceTexts();
  const sources = expandInputs(inputs, options).map((path) => {
    const source = readInput(path, options);
    texts.add(source.file, source.text);
    return source;
  });
  return { sources, texts };
}
