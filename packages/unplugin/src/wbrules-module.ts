import { type CompileSource, compile, compileEntry, type IdMap } from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import type { WbrulesAutomation } from './automation.js';

/** What {@link wbrulesModule} makes of one `.wbrules` file. */
export interface WbrulesModule {
  /** The JavaScript module: `export default [...]`, the entries in source order. */
  readonly code: string;
  /** The entries the module exports, as `wbrules compile` prints them. */
  readonly automations: readonly WbrulesAutomation[];
  /** Every diagnostic of the file (errors, warnings and notes), in the compiler's order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles one `.wbrules` file (declarations and `in` defaults are per file,
 * so a file is a unit) into the module an import of it yields. Pure: the
 * caller reads the file and reports the diagnostics; when any is an error
 * the module is still made from what compiled, and the caller fails the build.
 */
export function wbrulesModule(source: CompileSource, options: { readonly ids?: IdMap } = {}): WbrulesModule {
  // A byte order mark is not part of the text, as for `wbrules compile`.
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  const compiled = compile([{ file: source.file, text }], options.ids === undefined ? {} : { ids: options.ids });
  const automations = compiled.automations.map((a) => compileEntry(a) as WbrulesAutomation);
  // JSON is an expression in ES2019 and later (U+2028 and U+2029 included).
  const code = `export default ${JSON.stringify(automations, null, 2)};\n`;
  return { code, automations, diagnostics: compiled.diagnostics };
}
