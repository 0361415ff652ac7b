/**
 * Real builds with Vite, Rollup and esbuild, each importing a `.wbrules`
 * file: the bundled module's default export is what `wbrules compile`
 * prints for that file; an error fails the build with `file:line:col` and
 * the code frame; a warning reaches the bundler's warning channel.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { type RollupLog, rollup } from 'rollup';
import { build as viteBuild, type Logger, type Rollup } from 'vite';
import { describe, expect, test } from 'vitest';
import esbuildPlugin from '../esbuild.js';
import type { WbrulesOptions } from '../options.js';
import rollupPlugin from '../rollup.js';
import rspackPlugin from '../rspack.js';
import vitePlugin from '../vite.js';
import webpackPlugin from '../webpack.js';
import { cliCompile, defaultExport, project, syntaxError, unusedIntegration } from './harness.js';

/** What one build of `dir/entry.js` gave: the bundle, warnings as messages, or the error thrown. */
interface Built {
  readonly code?: string;
  readonly warnings: readonly string[];
  readonly error?: Error;
}

type Bundler = (dir: string, options?: WbrulesOptions) => Promise<Built>;

const bundlers: Record<'vite' | 'rollup' | 'esbuild', Bundler> = {
  async vite(dir, options = {}) {
    const warnings: string[] = [];
    const logger: Logger = {
      info() {},
      warn(message) {
        warnings.push(message);
      },
      warnOnce(message) {
        warnings.push(message);
      },
      error() {},
      clearScreen() {},
      hasErrorLogged: () => false,
      hasWarned: false,
    };
    try {
      const output = (await viteBuild({
        root: dir,
        configFile: false,
        logLevel: 'silent',
        customLogger: logger,
        plugins: [vitePlugin(options)],
        build: {
          write: false,
          minify: false,
          lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: 'entry' },
        },
      })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
      const first = Array.isArray(output) ? output[0] : output;
      return { code: first?.output[0].code, warnings };
    } catch (error) {
      return { error: error as Error, warnings };
    }
  },
  async rollup(dir, options = {}) {
    const warnings: string[] = [];
    const onwarn = (warning: RollupLog) => {
      warnings.push(warning.message);
    };
    try {
      const bundle = await rollup({
        input: join(dir, 'entry.js'),
        plugins: [rollupPlugin({ root: dir, ...options })],
        onwarn,
      });
      const { output } = await bundle.generate({ format: 'es' });
      await bundle.close();
      return { code: output[0].code, warnings };
    } catch (error) {
      return { error: error as Error, warnings };
    }
  },
  async esbuild(dir, options = {}) {
    try {
      const result = await esbuild({
        entryPoints: [join(dir, 'entry.js')],
        bundle: true,
        write: false,
        format: 'esm',
        logLevel: 'silent',
        plugins: [esbuildPlugin({ root: dir, ...options })],
      });
      return {
        code: result.outputFiles[0]?.text,
        warnings: result.warnings.map((w) => w.text),
      };
    } catch (error) {
      return { error: error as Error, warnings: [] };
    }
  },
};

describe.each(Object.entries(bundlers))('%s', (_name, bundle) => {
  test('bundles an import of examples/quickstart.wbrules as `wbrules compile` prints it', async () => {
    const dir = project();
    const built = await bundle(dir);
    expect(built.error).toBeUndefined();
    expect(built.warnings).toEqual([]);
    const automations = await defaultExport(dir, built.code as string);
    expect(automations).toEqual(cliCompile(dir, ['alerts.wbrules']));
    expect((automations as unknown[]).length).toBe(3);
  });

  test('fills the IDs from an ID map file, as `wbrules compile --ids` does', async () => {
    const dir = project();
    const ids = {
      projects: { 'acme/vision': 'UHJvamVjdDox' },
      webhooks: { 'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==' },
      slack: { 'acme/#ml-alerts': 'SW50ZWdyYXRpb246Mg==' },
    };
    writeFileSync(join(dir, 'ids.json'), JSON.stringify(ids));
    const built = await bundle(dir, { idsFile: 'ids.json' });
    expect(built.error).toBeUndefined();
    const automations = (await defaultExport(dir, built.code as string)) as { input: { scopeID?: string } }[];
    expect(automations).toEqual(cliCompile(dir, ['alerts.wbrules', '--ids', 'ids.json']));
    expect(automations[0]?.input.scopeID).toBe('UHJvamVjdDox');
    const inline = await bundle(dir, { ids });
    expect(await defaultExport(dir, inline.code as string)).toEqual(automations);
  });

  test('fails the build on an error, with file:line:col and the code frame', async () => {
    const built = await bundle(project(syntaxError));
    expect(built.code).toBeUndefined();
    const message = String(built.error?.message);
    expect(message).toContain('alerts.wbrules:3:22: error[WR1101]: expected a comparison');
    expect(message).toContain('3 | on run metric "loss" -> nothing\n  |                      ^^');
  });

  test('sends a warning through the warning channel, and still builds', async () => {
    const dir = project(unusedIntegration);
    const built = await bundle(dir);
    expect(built.error).toBeUndefined();
    const warnings = built.warnings.filter((w) => w.includes('WR3025'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'alerts.wbrules:1:9: warning[WR3025]: the webhook integration "ci" is declared but no rule uses it',
    );
    expect(warnings[0]).toContain('1 | webhook ci = "github-dispatch"');
    expect(await defaultExport(dir, built.code as string)).toEqual(cliCompile(dir, ['alerts.wbrules']));
  });
});

test('the webpack and Rspack entry points make plugins (their builds are not tested here)', () => {
  for (const plugin of [webpackPlugin(), rspackPlugin({ root: '.' })]) expect(typeof plugin.apply).toBe('function');
});
