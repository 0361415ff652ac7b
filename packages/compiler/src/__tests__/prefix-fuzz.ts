/**
 * Checking and lowering never throw on any tree the parser returns: every
 * prefix of every example, package fixture and vector fixture goes through
 * `compile` (which resolves, checks and lowers every rule, erroneous or
 * not), alternately with and without an ID map. Partial trees from error
 * recovery are what an editor produces while the user types.
 *
 * Cutting every prefix costs time quadratic in a file's length, so the
 * files are dealt into shards of similar cost, one test file per shard,
 * which vitest runs in parallel.
 */

import { expect, test } from 'vitest';
import { compileDocument } from '../compile.js';
import { allRuleFiles, repo } from './rule-files.js';

const ids = { projects: { 'acme/vision': 'P' }, webhooks: { 'acme/github-dispatch': 'W' } };

/** Registers the tests of one shard: the files dealt to it, each cut at every offset. */
export function prefixFuzzShard(shard: number, shards: number): void {
  const files = allRuleFiles();
  const load = new Array<number>(shards).fill(0);
  const mine: typeof files = [];
  for (const file of files) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest] = (load[lightest] as number) + file.text.length ** 2;
    if (lightest === shard) mine.push(file);
  }

  test('the shard has files to cut', () => {
    expect(files.length).toBeGreaterThan(90);
    expect(mine.length).toBeGreaterThan(0);
  });

  test.each(mine.map((f) => [f.path.slice(repo.length), f.text] as const))(
    'every prefix of %s compiles without throwing',
    (_, text) => {
      let clean = 0;
      for (let end = 0; end <= text.length; end++) {
        const source = { file: 'prefix.wbrules', text: text.slice(0, end) };
        const result = compileDocument(source, end % 2 === 0 ? { ids } : {});
        if (result.diagnostics.some((d) => d.severity === 'error')) continue;
        // Without an error, every rule must have been lowered: lowering may only give up where a check spoke.
        const rules = result.ast.items.filter((item) => item.kind === 'Rule').length;
        if (result.automations.length !== rules)
          expect.fail(`prefix of length ${end}: ${rules} rules, ${result.automations.length} automations`);
        clean++;
      }
      expect(clean).toBeGreaterThan(0);
    },
  );
}
