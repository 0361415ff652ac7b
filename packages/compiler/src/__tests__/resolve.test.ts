import { parse } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { compile } from '../compile.js';
import { resolveDocument } from '../resolve/resolve.js';
import { applyFix, diagnose, unmark } from './harness.js';

function resolve(text: string) {
  return resolveDocument(parse(text).ast, 'f.wbrules');
}

describe('scopes', () => {
  test('the latest default before a rule applies; a rule scope wins; each file stands alone', () => {
    const r = resolve(
      [
        'in project "acme/vision"',
        'on artifact linked -> nothing',
        'on artifact linked in team "acme" -> nothing',
        'in registry "acme-org/model"',
        'on artifact unlinked -> nothing',
        'on artifact linked in collection "acme/vision/w" -> nothing',
        'in org "acme-org"',
        'on tag added -> nothing',
      ].join('\n'),
    );
    expect(r.rules.map((x) => [x.scope?.origin, x.scope?.ref])).toEqual([
      ['default', { kind: 'project', path: 'acme/vision', type: 'PROJECT', entity: 'acme' }],
      ['rule', { kind: 'team', path: 'acme', type: 'ENTITY', entity: 'acme' }],
      ['default', { kind: 'registry', path: 'acme-org/model', type: 'PROJECT', entity: 'acme-org' }],
      ['rule', { kind: 'collection', path: 'acme/vision/w', type: 'ARTIFACT_COLLECTION', entity: 'acme' }],
      ['default', { kind: 'org', path: 'acme-org', type: 'ENTITY', entity: 'acme-org' }],
    ]);
  });

  test('a default in one file does not reach the next file', () => {
    const result = compile([
      { file: 'a.wbrules', text: 'in project "e/p"\non artifact linked -> nothing' },
      { file: 'b.wbrules', text: 'on artifact linked -> nothing' },
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.code])).toEqual([
      ['b.wbrules', 'WR3002'],
    ]);
    expect(result.automations).toEqual([]);
  });
});

describe('integrations', () => {
  test('the entity is the explicit one, else the owner of the rule scope', () => {
    const r = resolve(
      [
        'webhook ci = "github-dispatch"',
        'webhook pager = "ops-team/pagerduty"',
        'slack alerts = "#ml-alerts"',
        'slack ops = "ops/#alerts"',
        'in project "acme/vision"',
        'on artifact linked -> webhook ci',
        'on artifact linked -> webhook pager',
        'on artifact linked in registry "acme-org/model" -> slack alerts',
        'on artifact linked in team "t" -> slack ops',
        'on artifact linked -> nothing',
      ].join('\n'),
    );
    expect(r.rules.map((x) => x.integration)).toEqual([
      { kind: 'webhook', name: 'github-dispatch', entity: 'acme', key: 'acme/github-dispatch' },
      { kind: 'webhook', name: 'pagerduty', entity: 'ops-team', key: 'ops-team/pagerduty' },
      { kind: 'slack', name: '#ml-alerts', entity: 'acme-org', key: 'acme-org/#ml-alerts' },
      { kind: 'slack', name: '#alerts', entity: 'ops', key: 'ops/#alerts' },
      undefined,
    ]);
  });

  test.each([
    ['webhook w = ⟦"my-team/bad/name"⟧', 'WR2005', '"bad/name" cannot be a webhook integration name'],
    ['webhook w = ⟦"bad!name"⟧', 'WR2005', '"bad!name" cannot be a webhook integration name'],
    ['webhook w = ⟦"a  "⟧', 'WR2005', '"a  " cannot be a webhook integration name'],
    [`webhook w = ⟦"${'n'.repeat(65)}"⟧`, 'WR2005', `"${'n'.repeat(65)}" cannot be a webhook integration name`],
    ['webhook w = ⟦"/hook"⟧', 'WR2004', 'the entity before "/" is empty in "/hook"'],
    ['webhook w = ⟦"team/"⟧', 'WR2004', 'the webhook integration name is empty'],
    ['webhook w = ⟦""⟧', 'WR2004', 'the webhook integration name is empty'],
    ['slack s = ⟦"alerts"⟧', 'WR2004', 'a Slack channel starts with "#", found "alerts"'],
    ['slack s = ⟦"#"⟧', 'WR2004', 'the Slack channel name after "#" is empty'],
    ['slack s = ⟦"a b/#c"⟧', 'WR2004', 'the entity "a b" contains whitespace, "/" or a control character'],
  ])('%s is %s', (decl, code, message) => {
    const { source, spans } = unmark(`${decl}\nin project "e/p"\non artifact linked -> nothing`);
    expect(diagnose(source, { codes: ['WR2004', 'WR2005'] })).toEqual([{ code, ...spans[0], message }]);
  });

  test.each(['ci hook-1', 'ñame', '名前', 'a_b', 'team/hook', 'x'.repeat(64)])(
    'the webhook name "%s" is fine',
    (name) => {
      expect(diagnose(`webhook w = "${name}"`, { codes: ['WR2004', 'WR2005'] })).toEqual([]);
    },
  );

  test('a Slack target without "#" has a fix that adds it', () => {
    const source = 'slack s = "ops/alerts"\nin project "e/p"\non artifact linked -> slack s';
    const [d] = compile([{ file: 'f', text: source }]).diagnostics.filter((x) => x.code === 'WR2004');
    expect(applyFix(source, d?.fixes?.[0] as never)).toBe(
      'slack s = "ops/#alerts"\nin project "e/p"\non artifact linked -> slack s',
    );
  });

  test('a local name declared twice is an error pointing at the first', () => {
    const source = 'webhook ci = "a"\nslack ci = "#b"\nin project "e/p"\non artifact linked -> webhook ci';
    const [d] = compile([{ file: 'f', text: source }]).diagnostics.filter((x) => x.code === 'WR2003');
    expect(d).toMatchObject({
      severity: 'error',
      message: 'the integration name "ci" is already declared in this file',
      span: { start: 23, end: 25 },
      related: [{ span: { start: 8, end: 10 }, file: 'f' }],
    });
  });
});

describe('automation names', () => {
  test('an unnamed rule gets a derived name, reported as info with a fix that writes it', () => {
    const source = 'in project "e/p"\non run metric "loss" changes by 10% within 5 -> nothing';
    const result = compile([{ file: 'f', text: source }]);
    expect(result.automations.map((a) => [a.name, a.derivedName])).toEqual([
      ['loss-changes-by-10pct-within-5-nothing', true],
    ]);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({
      code: 'WR2001',
      severity: 'info',
      message: 'this rule\'s automation is named "loss-changes-by-10pct-within-5-nothing"',
      span: { start: 20, end: 61 },
    });
    expect(applyFix(source, d?.fixes?.[0] as never)).toBe(
      'in project "e/p"\nautomation "loss-changes-by-10pct-within-5-nothing"\non run metric "loss" changes by 10% within 5 -> nothing',
    );
  });

  test('two rules with one name in one scope: an error on the second, related to the first', () => {
    const { source, spans } = unmark(
      'in project "e/p"\nautomation [["x"]] on artifact linked -> nothing\nautomation [["x"]] on artifact unlinked -> nothing',
    );
    const [d] = compile([{ file: 'f', text: source }]).diagnostics.filter((x) => x.code === 'WR2002');
    expect(d).toMatchObject({
      message: 'an automation named "x" is already defined in project "e/p"',
      span: spans[1],
      related: [{ span: spans[0], file: 'f' }],
    });
  });

  test('derived names collide too, and a written name can collide with a derived one', () => {
    expect(
      diagnose('in project "e/p"\non artifact linked -> nothing\non artifact linked -> nothing', { codes: ['WR2002'] }),
    ).toEqual([
      {
        code: 'WR2002',
        start: 50,
        end: 65,
        message: 'an automation named "artifact-linked-nothing" is already defined in project "e/p"',
      },
    ]);
    expect(
      diagnose(
        'in project "e/p"\non artifact linked -> nothing\nautomation "artifact-linked-nothing" on artifact unlinked -> nothing',
        { codes: ['WR2002'] },
      ),
    ).toHaveLength(1);
  });

  test('the same name in different scopes is fine; scope identity is kind and path', () => {
    expect(
      diagnose(
        'automation "x" on artifact linked in project "e/p" -> nothing\nautomation "x" on artifact linked in registry "e/p" -> nothing\nautomation "x" on artifact linked in project "e/q" -> nothing',
        { codes: ['WR2002'] },
      ),
    ).toEqual([]);
  });

  test('duplicates are found across files compiled together, pointing into the other file', () => {
    const result = compile([
      { file: 'a.wbrules', text: 'automation "x" on artifact linked in team "t" -> nothing' },
      { file: 'b.wbrules', text: 'in team "t"\nautomation "x" on tag added -> nothing' },
    ]);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toMatchObject([
      {
        code: 'WR2002',
        file: 'b.wbrules',
        span: { start: 23, end: 26 },
        related: [{ file: 'a.wbrules', span: { start: 11, end: 14 } }],
      },
    ]);
    expect(result.automations).toEqual([]);
  });
});
