/**
 * Watch mode: Rollup's watcher rebuilds when the imported `.wbrules` file or
 * the ID map file changes, and the rebuilt bundle holds what the file says now.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RollupWatcherEvent, watch } from 'rollup';
import { expect, test } from 'vitest';
import rollupPlugin from '../rollup.js';
import { defaultExport, project } from './harness.js';

interface Entry {
  readonly name: string;
  readonly input: { readonly scopeID?: string };
}

test('Rollup watch mode recompiles when the .wbrules file or the ID map changes', async () => {
  const dir = project('in project "acme/vision"\nautomation "first" on run state failed -> nothing\n');
  writeFileSync(join(dir, 'ids.json'), JSON.stringify({ projects: { 'acme/vision': 'one' } }));
  const watcher = watch({
    input: join(dir, 'entry.js'),
    plugins: [rollupPlugin({ root: dir, idsFile: 'ids.json' })],
    output: { format: 'es' },
    watch: { skipWrite: true, buildDelay: 50 },
  });
  // Each completed build's automations, in order; a failed build is a failed test.
  const builds: Entry[][] = [];
  let waiting: (() => void) | undefined;
  let failed: Error | undefined;
  watcher.on('event', (event: RollupWatcherEvent) => {
    if (event.code === 'ERROR') {
      failed = event.error;
      waiting?.();
    }
    if (event.code !== 'BUNDLE_END') return;
    void event.result
      .generate({ format: 'es' })
      .then(({ output }) => defaultExport(dir, output[0].code))
      .then((automations) => {
        builds.push(automations as Entry[]);
        return event.result.close();
      })
      .then(() => waiting?.());
  });
  const nextBuild = async (count: number): Promise<Entry[]> => {
    while (builds.length < count && failed === undefined) {
      await new Promise<void>((done) => {
        waiting = done;
      });
    }
    if (failed !== undefined) throw failed;
    return builds[count - 1] as Entry[];
  };
  try {
    expect((await nextBuild(1)).map((a) => [a.name, a.input.scopeID])).toEqual([['first', 'one']]);
    writeFileSync(
      join(dir, 'alerts.wbrules'),
      'in project "acme/vision"\nautomation "first" on run state failed -> nothing\nautomation "second" on run state crashed -> nothing\n',
    );
    expect((await nextBuild(2)).map((a) => a.name)).toEqual(['first', 'second']);
    writeFileSync(join(dir, 'ids.json'), JSON.stringify({ projects: { 'acme/vision': 'two' } }));
    expect((await nextBuild(3)).map((a) => a.input.scopeID)).toEqual(['two', 'two']);
  } finally {
    await watcher.close();
  }
}, 20_000);
