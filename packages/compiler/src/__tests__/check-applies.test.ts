/**
 * `compile` hands each rule only to the checks whose `applies` covers it.
 * This holds every check silent, on every example and fixture, on the rules
 * its `applies` leaves out: skipping them can never drop a diagnostic.
 */

import { type Diagnostic, parse } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { allChecks } from '../checks/all-checks.js';
import { checkApplies, checkContext } from '../checks/check.js';
import { resolveDocument } from '../resolve/resolve.js';
import { allRuleFiles, repo } from './rule-files.js';

const files = allRuleFiles();

describe('Check.applies', () => {
  test('some checks narrow the rules they see', () => {
    expect(allChecks.filter((check) => check.applies !== undefined).length).toBeGreaterThan(10);
  });

  test.each(files.map((f) => [f.path.slice(repo.length), f] as const))(
    '%s: no check reports on a rule it does not apply to',
    (_, { path, text }) => {
      const resolved = resolveDocument(parse(text, { file: path }).ast, path);
      for (const check of allChecks) {
        if (check.applies === undefined) continue;
        const found: Diagnostic[] = [];
        const started = check.start(checkContext(path, resolved.declarations, resolved.integrations, found));
        for (const rule of resolved.rules) {
          const { event, action, filter } = rule.rule;
          if (!checkApplies(check.applies, event.kind, action.kind, filter !== undefined)) started.rule?.(rule);
        }
        expect(found, check.name).toEqual([]);
      }
    },
  );
});
