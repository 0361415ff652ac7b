import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { IdMap } from '@wbrules/compiler';
import { type Diagnostic, LineIndex, renderDiagnostic } from '@wbrules/dsl';
import { createUnplugin, type UnpluginFactory, type UnpluginMessage } from 'unplugin';
import { readIdMapFile } from './id-map-file.js';
import type { WbrulesOptions } from './options.js';
import { wbrulesModule } from './wbrules-module.js';

/** The module ids the plugin compiles: `.wbrules` files, with any query a bundler adds. */
const wbrulesId = /\.wbrules(?:\?.*)?$/;

/**
 * The plugin for every bundler: an import of a `.wbrules` file compiles that
 * file and yields its automations (`export default [...]`, the entries of
 * `wbrules compile`). An error fails the build with every error rendered as
 * `file:line:col: error[CODE]: …` and its code frame; each warning goes to the
 * bundler's warning channel, rendered the same way; notes are left out, as
 * the command line leaves them out. The file (and the `idsFile`) is watched,
 * so watch mode and dev servers recompile on change.
 */
export const unpluginFactory: UnpluginFactory<WbrulesOptions | undefined, false> = (options = {}) => {
  if (options.ids !== undefined && options.idsFile !== undefined) {
    throw new Error('wbrules: give the ID map as `ids` or as `idsFile`, not both');
  }
  let root = resolve(options.root ?? process.cwd());
  return {
    name: 'wbrules',
    enforce: 'pre',
    transform: {
      filter: { id: wbrulesId },
      handler(text, id) {
        const path = id.replace(/\?.*$/, '');
        const file = displayName(root, path);
        this.addWatchFile(path);
        let ids: IdMap | undefined = options.ids;
        if (options.idsFile !== undefined) {
          const idsPath = resolve(root, options.idsFile);
          this.addWatchFile(idsPath);
          const read = readIdMapFile(idsPath);
          if (!read.ok) {
            this.error({ message: read.message, id: path });
            return placeholder;
          }
          ids = read.ids;
        }
        const module = wbrulesModule({ file, text }, ids === undefined ? {} : { ids });
        const index = new LineIndex(module.diagnostics.length === 0 ? '' : stripBom(text));
        const message = (d: Diagnostic): UnpluginMessage => {
          const at = index.locate(d.span.start);
          return {
            message: renderDiagnostic(d, index, { file }),
            id: path,
            code: d.code,
            // Bundlers count columns from 0; the rendered header counts from 1, as editors do.
            loc: { file: path, line: at.line, column: at.column - 1 },
          };
        };
        for (const d of module.diagnostics) if (d.severity === 'warning') this.warn(message(d));
        const errors = module.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          const first = message(errors[0] as Diagnostic);
          const count = errors.length === 1 ? '' : `\n\n${errors.length} errors`;
          this.error({ ...first, message: `${errors.map((d) => message(d).message).join('\n\n')}${count}` });
          // Rollup and Vite throw in `error`; esbuild and webpack collect it and fail the build after.
          return placeholder;
        }
        return { code: module.code, map: null };
      },
    },
    vite: {
      configResolved(config) {
        if (options.root === undefined) root = config.root;
      },
    },
    esbuild: { onLoadFilter: /\.wbrules$/, loader: 'js' },
  };
};

/** What a failed file compiles to, for the bundlers that go on after an error to report them all. */
const placeholder = { code: 'export default [];\n', map: null };

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `path` as entries and messages name it: relative to `root` with `/` separators, or as is when outside it. */
function displayName(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** The plugin, for each bundler: `unpluginWbrules.vite(options)`, `.rollup`, `.esbuild`, `.webpack`, `.rspack`, … */
export const unpluginWbrules = createUnplugin(unpluginFactory);
