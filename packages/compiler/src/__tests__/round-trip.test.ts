/**
 * The decompiler's promise, end to end: for every payload the language can
 * express, compile(decompile(p)) is p (the input deep-equal, the JSON
 * strings byte for byte); for every other payload, a diagnostic and no rule.
 * Checked over every create and update vector in spec/vectors and over
 * generated rule files.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { type DecompileOptions, decompile, decompileAll } from '../decompile/decompile.js';
import type { ReverseIdMap } from '../decompile/names.js';
import { type JsonObject, type JsonText, jsonObject, spellFloat, stringify } from '../json/json-text.js';
import { compileEntry } from '../model/compile-entry.js';
import type { CompiledAutomation, IdMap } from '../model/types.js';
import { roundTrip, vectorIds, withoutUpdateId } from './decompile-harness.js';
import { parseOrThrow, vectorsDir } from './vectors.js';

// ---------------------------------------------------------------------------
// Vectors
// ---------------------------------------------------------------------------

interface VectorCase {
  readonly id: string;
  readonly file: string;
  readonly expected: Record<string, unknown>;
  readonly saved_trigger?: Record<string, unknown>;
}

const vectorCases: VectorCase[] = readdirSync(vectorsDir())
  .filter((f) => f.startsWith('create-') || f === 'update.json')
  .sort()
  .flatMap((file) => {
    const data = JSON.parse(readFileSync(join(vectorsDir(), file), 'utf8')) as {
      cases: (VectorCase & { expected: unknown })[];
    };
    return data.cases.filter((c) => c.expected !== null).map((c) => ({ ...c, file }) as VectorCase);
  });

/** Vectors no rule can express, each with the diagnostic that must say so. */
const inexpressible: Readonly<Record<string, { code: string; why: string }>> = {
  'odd-raw-empty-dict-mutation-filter': {
    code: 'WR4007',
    why: 'a raw `{}` filter term ({"$or":[{"$and":[{}]}]}) has no .wbrules spelling',
  },
};

/**
 * What the saved automation of each update vector must compile back to:
 * the vector's `expected` with the fields its `sdk_expression` changed put
 * back to the saved values (decompiling a saved automation reproduces the
 * update that changes nothing).
 */
const savedFields: Readonly<Record<string, Record<string, unknown>>> = {
  'upd-rename-saved-link': { name: 'link-prod' },
  'upd-disable-saved-run-metric': { enabled: true, description: 'orig description' },
  'upd-replace-event-keeps-scope': { triggeringEventType: 'LINK_MODEL', eventFilter: '{"$or":[{"$and":[]}]}' },
  'upd-replace-action-with-notification': {
    triggeredActionType: 'GENERIC_WEBHOOK',
    triggeredActionConfig: {
      genericWebhookActionInput: {
        integrationID: 'SW50ZWdyYXRpb246Mg==',
        requestPayload: '{"a":1,"who":"${event_author}"}',
      },
    },
  },
  'upd-saved-notification-null-message': { name: 'run-failed' },
  'upd-aria-replace-prompt': {
    triggeredActionConfig: { ariaActionInput: { prompt: 'Explain why ${run_name} failed' } },
  },
  'upd-move-scope-to-registry': { scopeID: 'QXJ0aWZhY3RDb2xsZWN0aW9uOjI=', scopeType: 'ARTIFACT_COLLECTION' },
};

/** WR3030 (a run event at a team or org scope, which the App does not offer) is expected of the vectors that have one. */
const notAppScopeWarning = (problem: string): boolean => !problem.startsWith('WR3030');

describe('every create and update vector', () => {
  it('covers the vector files', () => {
    // 83 create cases and 7 update cases with an expected payload; fails loudly if the vectors move.
    expect(vectorCases.length).toBe(90);
  });

  it.each(vectorCases.map((c) => [c.id, c] as const))(
    '%s: compile(decompile(expected)) is expected, or a diagnostic says why not',
    (_, c) => {
      const allowed = inexpressible[c.id];
      if (allowed !== undefined) {
        const result = decompile(c.expected, { ids: vectorIds });
        expect(result.rule).toBeUndefined();
        expect(result.diagnostics.map((d) => d.code)).toContain(allowed.code);
        return;
      }
      const rt = roundTrip(c.expected, vectorIds);
      expect(rt.decompileCodes).toEqual([]);
      expect(rt.compileProblems.filter(notAppScopeWarning)).toEqual([]);
      expect(rt.automations.map((a) => a.input)).toStrictEqual([withoutUpdateId(c.expected)]);
    },
  );

  it.each(vectorCases.filter((c) => c.saved_trigger !== undefined).map((c) => [c.id, c] as const))(
    '%s: the saved automation compiles back to the unchanged update',
    (id, c) => {
      const rt = roundTrip(c.saved_trigger, vectorIds);
      expect(rt.decompileCodes).toEqual([]);
      expect(rt.compileProblems.filter(notAppScopeWarning)).toEqual([]);
      expect(rt.automations.map((a) => a.input)).toStrictEqual([
        { ...withoutUpdateId(c.expected), ...savedFields[id] },
      ]);
    },
  );

  it('saved project automations are named from the response and the entity option alone', () => {
    const projectScoped = vectorCases.filter(
      (c) => (c.saved_trigger?.scope as { __typename?: string } | undefined)?.__typename === 'Project',
    );
    expect(projectScoped.map((c) => c.id)).toEqual([
      'upd-aria-replace-prompt',
      'upd-disable-saved-run-metric',
      'upd-replace-event-keeps-scope',
      'upd-saved-notification-null-message',
    ]);
    for (const c of projectScoped) {
      const rt = roundTrip(c.saved_trigger, vectorIds, { entity: 'my-team' });
      expect(rt.decompileCodes).toEqual([]);
      expect(rt.text).toContain('in project "my-team/my-project"');
      expect(rt.automations.map((a) => a.input)).toStrictEqual([
        { ...withoutUpdateId(c.expected), ...savedFields[c.id] },
      ]);
    }
  });

  it('one file of every expressible vector compiles back to every payload, whatever order they come in', () => {
    // Names are unique per scope on the server; the vectors reuse a few, so keep the first of each.
    const seen = new Set<string>();
    const payloads = vectorCases
      .filter((c) => inexpressible[c.id] === undefined)
      .map((c) => withoutUpdateId(c.expected))
      .filter((p) => {
        const key = `${String(p.scopeID)}/${String(p.name)}`;
        const fresh = !seen.has(key);
        seen.add(key);
        return fresh;
      });
    const all = decompileAll(payloads, { ids: vectorIds });
    expect(all.diagnostics).toEqual([]);
    const compiled = compile([{ file: 'all.wbrules', text: all.text }], { ids: vectorIds });
    expect(compiled.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'WR3030')).toEqual([]);
    const byKey = (p: Record<string, unknown>) => `${String(p.scopeID)}/${String(p.name)}`;
    const sortByKey = (ps: Record<string, unknown>[]) => [...ps].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
    expect(sortByKey(compiled.automations.map((a) => a.input as unknown as Record<string, unknown>))).toStrictEqual(
      sortByKey(payloads),
    );
    expect(decompileAll([...payloads].reverse(), { ids: vectorIds }).text).toBe(all.text);
  });
});

// ---------------------------------------------------------------------------
// Generated rules
// ---------------------------------------------------------------------------

const ids: IdMap = {
  projects: { 'acme/vision': 'UHJvamVjdDox' },
  registries: { 'acme-org/models': 'UHJvamVjdDoy' },
  collections: { 'acme/vision/weights': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=' },
  teams: { acme: 'RW50aXR5OjE=' },
  orgs: { 'acme-org': 'RW50aXR5OjI=' },
  webhooks: {
    'acme/github-dispatch': 'V2ViaG9vazox',
    'acme-org/github-dispatch': 'V2ViaG9vazoy',
    'other-team/pagerduty': 'V2ViaG9vazoz',
  },
  slack: {
    'acme/#ml-alerts': 'U2xhY2s6MQ==',
    'acme-org/#ml-alerts': 'U2xhY2s6Mg==',
    'other-team/#ops': 'U2xhY2s6Mw==',
  },
};

/** The same names as a reverse lookup, the other form the options accept. */
const reverse: ReverseIdMap = {
  scopes: {
    UHJvamVjdDox: { kind: 'project', path: 'acme/vision' },
    UHJvamVjdDoy: { kind: 'registry', path: 'acme-org/models' },
    'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=': { kind: 'collection', path: 'acme/vision/weights' },
    'RW50aXR5OjE=': { kind: 'team', path: 'acme' },
    'RW50aXR5OjI=': { kind: 'org', path: 'acme-org' },
  },
  integrations: {
    V2ViaG9vazox: { kind: 'webhook', name: 'github-dispatch', entity: 'acme' },
    V2ViaG9vazoy: { kind: 'webhook', name: 'github-dispatch', entity: 'acme-org' },
    V2ViaG9vazoz: { kind: 'webhook', name: 'pagerduty', entity: 'other-team' },
    'U2xhY2s6MQ==': { kind: 'slack', name: '#ml-alerts', entity: 'acme' },
    'U2xhY2s6Mg==': { kind: 'slack', name: '#ml-alerts', entity: 'acme-org' },
    'U2xhY2s6Mw==': { kind: 'slack', name: '#ops', entity: 'other-team' },
  },
};

const declarations = `webhook ci = "github-dispatch"
webhook pager = "other-team/pagerduty"
slack alerts = "#ml-alerts"
slack ops = "other-team/#ops"
`;

const quote = (s: string) => JSON.stringify(s);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  fc.constantFrom('loss', 'val/acc', 'a "q" \\ b', '损失.x', 'tab\there', '${event_type}', '10'),
);

const smallInt = fc.integer({ min: -1000, max: 1000 }).map(String);
const bigInt = fc.bigInt({ min: -(2n ** 63n - 1n), max: 2n ** 63n - 1n }).map(String);
/** Float spellings, canonical and not: the decompiler must reproduce the value, whatever the spelling. */
const floatText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(spellFloat),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential()),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}0`),
);
const anyNumber = fc.oneof(smallInt, bigInt, floatText);
const positiveFloat = fc.double({ min: 1e-200, max: 1e200, noNaN: true }).map(spellFloat);
const positiveNumber = fc.oneof(fc.integer({ min: 1, max: 10_000 }).map(String), positiveFloat);
const window = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 100 }) }, fc.constant(30)).map(String);

const runEvent = fc.oneof(
  // threshold
  fc
    .record({
      name: text,
      agg: fc.option(fc.tuple(fc.constantFrom('avg', 'mean', 'min', 'max'), window)),
      cmp: fc.constantFrom('>', '>=', '<', '<='),
      value: anyNumber,
    })
    .map(
      ({ name, agg, cmp, value }) =>
        `run metric ${quote(name)} ${agg === null ? '' : `${agg[0]} over ${agg[1]} `}${cmp} ${value}`,
    ),
  // change
  fc
    .record({
      name: text,
      dir: fc.constantFrom('changes', 'increases', 'decreases'),
      amount: fc.oneof(
        positiveNumber,
        positiveNumber.map((n) => `${n}%`),
        fc.constantFrom('10%', '1.1%', '100%', '0.5%', '33.3%'),
      ),
      within: fc.option(
        fc.record({ agg: fc.option(fc.constantFrom('avg', 'mean', 'min', 'max')), n: window, vs: fc.option(window) }),
      ),
    })
    .map(({ name, dir, amount, within }) => {
      const agg = within?.agg == null ? '' : `${within.agg} `;
      const tail = within === null ? '' : ` within ${within.n}${within.vs === null ? '' : ` vs ${within.vs}`}`;
      return `run metric ${quote(name)} ${agg}${dir} by ${amount}${tail}`;
    }),
  // z-score
  fc
    .record({
      name: text,
      form: fc.constantFrom('up', 'down', 'abs'),
      over: fc.option(window),
      or: fc.boolean(),
      value: positiveNumber,
    })
    .map(({ name, form, over, or, value }) => {
      const cmp = form === 'down' ? (or ? '<=' : '<') : or ? '>=' : '>';
      const threshold = form === 'down' ? `-${value}` : value;
      return `run metric ${quote(name)} ${form === 'abs' ? 'abs ' : ''}zscore${over === null ? '' : ` over ${over}`} ${cmp} ${threshold}`;
    }),
  // state
  fc
    .array(fc.constantFrom('running', 'finished', 'failed', 'crashed'), { minLength: 1, maxLength: 4 })
    .map((states) => `run state ${states.join(', ')}`),
);

const tagged = (words: string) =>
  fc.option(text).map((name) => (name === null ? words : words.replace(/ (added|removed)$/, ` ${quote(name)} $1`)));
const artifactEvent = (collectionScope: boolean) =>
  fc.oneof(
    fc.constantFrom(...(collectionScope ? ['artifact created'] : []), 'artifact linked', 'artifact unlinked'),
    tagged('alias added'),
    fc.constantFrom('tag added', 'tag removed', 'collection tag added', 'collection tag removed').chain(tagged),
  );

const regex = fc.constantFrom('"^prod-.*"', 'r"^exp-\\d+$"', '"(?i)abc"', '"a|b"', '"[0-9]+"', '"^\\\\.x$"');
function leaf(fields: readonly string[]): fc.Arbitrary<string> {
  const field = fc.constantFrom(...fields);
  return fc.oneof(
    fc
      .tuple(field, fc.constantFrom('==', '!=', '<', '<=', '>', '>='), text)
      .map(([f, op, v]) => `${f} ${op} ${quote(v)}`),
    fc
      .tuple(field, fc.boolean(), fc.array(text, { minLength: 1, maxLength: 3 }))
      .map(([f, not, vs]) => `${f} ${not ? 'not in' : 'in'} [${vs.map(quote).join(', ')}]`),
    fc.tuple(field, regex).map(([f, r]) => `${f} matches ${r}`),
    fc.tuple(field, text).map(([f, v]) => `${f} contains ${quote(v)}`),
    fc.tuple(field, fc.boolean()).map(([f, not]) => `${f} ${not ? 'not exists' : 'exists'}`),
  );
}
function expression(fields: readonly string[], depth: number): fc.Arbitrary<string> {
  if (depth === 0) return leaf(fields);
  const sub = expression(fields, depth - 1);
  const operands = fc.array(sub, { minLength: 2, maxLength: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: leaf(fields) },
    { weight: 1, arbitrary: operands.map((xs) => xs.map((x) => `(${x})`).join(' and ')) },
    { weight: 1, arbitrary: operands.map((xs) => xs.map((x) => `(${x})`).join(' or ')) },
    { weight: 1, arbitrary: sub.map((x) => `not (${x})`) },
    { weight: 1, arbitrary: sub.map((x) => `not ${x}`) },
  );
}

const jsonValue: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text.map(quote),
    anyNumber,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    tie('object'),
  ),
  object: fc
    .uniqueArray(fc.oneof(text, fc.constantFrom('10', '2', 'a')), { maxLength: 4 })
    .chain((keys) =>
      fc
        .tuple(...keys.map(() => tie('value')))
        .map((values) => `{ ${keys.map((k, i) => `${quote(k)}: ${values[i]}`).join(', ')} }`),
    ),
})).object;

const action = fc.oneof(
  fc.constant('nothing'),
  fc
    .tuple(fc.constantFrom('ci', 'pager'), fc.option(jsonValue))
    .map(([name, payload]) => `webhook ${name}${payload === null ? '' : ` ${payload}`}`),
  fc
    .tuple(
      fc.constantFrom('alerts', 'ops'),
      fc.shuffledSubarray(['title', 'message', 'severity']),
      text,
      text,
      fc.constantFrom('info', 'warn', 'error'),
    )
    .map(([name, options, title, message, severity]) => {
      const words = options.map((o) =>
        o === 'title'
          ? `title ${quote(title)}`
          : o === 'message'
            ? `message ${quote(message)}`
            : `severity ${severity}`,
      );
      return `slack ${name} ${words.join(' ')}`.trimEnd();
    }),
);

const scopes = [
  'project "acme/vision"',
  'registry "acme-org/models"',
  'collection "acme/vision/weights"',
  'team "acme"',
  'org "acme-org"',
];

const rule = (index: number) =>
  fc.constantFrom(...scopes).chain((scope) => {
    const runAllowed = !scope.startsWith('registry') && !scope.startsWith('collection');
    const event = runAllowed
      ? fc.oneof(
          runEvent.map((e) => ({ e, run: true })),
          artifactEvent(false).map((e) => ({ e, run: false })),
        )
      : artifactEvent(scope.startsWith('collection')).map((e) => ({ e, run: false }));
    return fc
      .record({
        event,
        name: fc.option(
          text.map((t) => `${t}-${index}`),
          { nil: undefined, freq: 5 },
        ),
        description: fc.option(text),
        disabled: fc.boolean(),
        headerOrder: fc.shuffledSubarray(['automation', 'description', 'disabled'], { minLength: 3 }),
        action,
      })
      .chain((r) =>
        fc.option(expression(r.event.run ? ['run.name'] : ['alias', 'tag'], 2)).map((where) => {
          const header = r.headerOrder
            .map((h) => {
              if (h === 'automation')
                return r.name === undefined && index > 0
                  ? `automation "rule-${index}"`
                  : r.name === undefined
                    ? ''
                    : `automation ${quote(r.name)}`;
              if (h === 'description') return r.description === null ? '' : `description ${quote(r.description)}`;
              return r.disabled ? 'disabled' : '';
            })
            .filter((h) => h !== '')
            .join(' ');
          return `${header} on ${r.event.e} in ${scope}${where === null ? '' : ` where ${where}`} -> ${r.action}`;
        }),
      );
  });

const ruleFile = fc
  .integer({ min: 1, max: 3 })
  .chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => rule(i))).map((rules) => `${declarations}\n${rules.join('\n')}\n`),
  );

describe('generated rules', () => {
  it('compile, decompile each payload with the inverse names, compile again: identical payloads', () => {
    let automations = 0;
    fc.assert(
      fc.property(ruleFile, fc.boolean(), (source, useReverse) => {
        const first = compile([{ file: 'gen.wbrules', text: source }], { ids });
        const errors = first.diagnostics.filter((d) => d.severity === 'error');
        expect(
          errors.map((d) => `${d.code} ${d.message}`),
          source,
        ).toEqual([]);
        const options: DecompileOptions = useReverse ? reverse : { ids };
        for (const compiled of first.automations) {
          automations++;
          const rt = roundTrip(compiled.input, ids, options);
          expect(rt.decompileCodes, rt.text).toEqual([]);
          expect(
            // Warnings about what W&B will do with a valid payload (an undocumented template
            // variable, a z-score threshold the window cannot reach) say nothing about the round trip.
            rt.compileProblems.filter(
              (p) => !p.startsWith('WR3021') && !p.startsWith('WR3026') && !p.startsWith('WR3030'),
            ),
            rt.text,
          ).toEqual([]);
          expect(
            rt.automations.map((a) => a.input),
            `${source}\n---\n${rt.text}`,
          ).toStrictEqual([compiled.input]);
          const asSaved = roundTrip(savedForm(compiled, automations % 2 === 0), ids, options);
          expect(asSaved.decompileCodes, asSaved.text).toEqual([]);
          expect(
            asSaved.automations.map((a) => a.input),
            asSaved.text,
          ).toStrictEqual([compiled.input]);
        }
        const all = decompileAll(
          first.automations.map((a) => a.input),
          options,
        );
        const again = compile([{ file: 'all.wbrules', text: all.text }], { ids });
        expect(again.automations.map((a) => a.input).sort(byName)).toStrictEqual(
          first.automations.map((a) => a.input).sort(byName),
        );
      }),
      { numRuns: 200 },
    );
    expect(automations).toBeGreaterThan(200);
  });

  it('compile (with or without IDs), decompile the compile entries with no names given, compile again: identical payloads', () => {
    fc.assert(
      fc.property(ruleFile, fc.boolean(), (source, withIds) => {
        const options = withIds ? { ids } : {};
        const first = compile([{ file: 'gen.wbrules', text: source }], options);
        const all = decompileAll(first.automations.map((a) => JSON.parse(JSON.stringify(compileEntry(a)))));
        expect(all.diagnostics, all.text).toEqual([]);
        const again = compile([{ file: 'all.wbrules', text: all.text }], options);
        expect(again.automations.map((a) => a.input).sort(byName)).toStrictEqual(
          first.automations.map((a) => a.input).sort(byName),
        );
      }),
      { numRuns: 100 },
    );
  });
});

const savedScopes = {
  project: 'Project',
  registry: 'Project',
  collection: 'ArtifactSequence',
  team: 'Entity',
  org: 'Entity',
} as const;

/**
 * A compiled automation as a listing would return it (spec §8.4): artifact
 * filters wrapped in {"filter": ...} (the inner value as an object or as a
 * JSON string), run_filter as a string or an object, no metric_filter,
 * `", "`/`": "` separators, null for empty notification fields.
 */
function savedForm(compiled: CompiledAutomation, variant: boolean): Record<string, unknown> {
  const input = compiled.input;
  const spaced = (json: string) => pythonSpelling(parseOrThrow(json));
  let filter: string;
  if (input.eventFilter.startsWith('{"$or"')) {
    filter = variant ? `{"filter": ${JSON.stringify(input.eventFilter)}}` : `{"filter": ${spaced(input.eventFilter)}}`;
  } else {
    const outer = parseOrThrow(input.eventFilter) as JsonObject;
    const entries = outer.entries
      .filter(([key]) => key !== 'metric_filter' || variant)
      .map(([key, value]): [string, JsonText] =>
        key === 'run_filter' && !variant && value.kind === 'string' ? [key, parseOrThrow(value.value)] : [key, value],
      );
    filter = stringify(jsonObject(entries));
  }
  const config = input.triggeredActionConfig;
  let action: Record<string, unknown>;
  if ('notificationActionInput' in config) {
    const n = config.notificationActionInput;
    action = {
      __typename: 'NotificationTriggeredAction',
      integration: {
        __typename: 'SlackIntegration',
        id: n.integrationID,
        teamName: 'w',
        channelName: compiled.integration?.name,
      },
      title: n.title === '' ? null : n.title,
      message: n.message === '' ? null : n.message,
      severity: n.severity,
    };
  } else if ('genericWebhookActionInput' in config) {
    const w = config.genericWebhookActionInput;
    action = {
      __typename: 'GenericWebhookTriggeredAction',
      integration: {
        __typename: 'GenericWebhookIntegration',
        id: w.integrationID,
        name: compiled.integration?.name,
        urlEndpoint: 'https://example.com',
      },
      requestPayload: w.requestPayload === undefined ? null : spaced(w.requestPayload),
    };
  } else {
    action = { __typename: 'NoOpTriggeredAction', noOp: true };
  }
  const path = compiled.scope.path.split('/');
  const last = path[path.length - 1] ?? '';
  return {
    __typename: 'Trigger',
    id: 'VHJpZ2dlcjox',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: null,
    name: input.name,
    description: input.description ?? null,
    enabled: input.enabled,
    scope: {
      __typename: savedScopes[compiled.scope.kind],
      id: input.scopeID,
      name: compiled.scope.kind === 'registry' ? `wandb-registry-${last}` : last,
      ...(compiled.scope.kind === 'team'
        ? { entityType: 'team' }
        : compiled.scope.kind === 'org'
          ? { entityType: 'organization' }
          : {}),
    },
    event: { __typename: 'FilterEventTriggeringCondition', eventType: input.triggeringEventType, filter },
    action,
  };
}

/** JSON as Python's `json.dumps` spaces it (`", "` and `": "`), the numbers and strings unchanged. */
function pythonSpelling(value: JsonText): string {
  if (value.kind === 'array') return `[${value.items.map(pythonSpelling).join(', ')}]`;
  if (value.kind === 'object')
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonSpelling(v)}`).join(', ')}}`;
  return stringify(value);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
