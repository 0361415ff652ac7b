import { formatJsonPath } from '../validate/json-path.js';
import { type Plan, planFormat, secretKeepReason } from './plan.js';
import { validate } from '../validate/validate.js';

/**
 * A saved plan read back (`wbrules plan --out plan.json`, then `wbrules
 * apply plan.json`). The file is the plan as JSON; before anything in it is
 * sent, it is checked to be one: the format, the shape of every entry, and
 * every payload valid for its mutation (so a hand-edited or truncated file
 * is refused whole, not half applied). A top-level `$schema` string
 * (schemas/plan.schema.json, for editors) is accepted and dropped.
 */

/** A file that is not a plan `wbrules plan` wrote; `problems` name each place. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** The plan in a parsed plan file; throws {@link PlanFileError} listing every problem. */
export function readPlanFile(value: unknown): Plan {
  const problems: string[] = [];
  if (!isObject(value)) throw new PlanFileError(['a plan file holds a JSON object']);
  if (value.format !== planFormat) {
    throw new PlanFileError([
      `expected "format": "${planFormat}" (a plan written by "wbrules plan --out"), found ${JSON.stringify(value.format ?? null)}`,
    ]);
  }
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  expect(typeof value.server === 'string', '"server" must be a string');
  expect(typeof value.prune === 'boolean', '"prune" must be true or false');
  expect(stringArray(value.entities), '"entities" must be an array of strings');
  expect(Array.isArray(value.sources), '"sources" must be an array');
  expect(isObject(value.summary), '"summary" must be an object');
  expect(isObject(value.integrations), '"integrations" must be an object');
  for (const list of ['changes', 'unchanged', 'unmanaged'] as const) {
    const entries = value[list];
    if (!Array.isArray(entries)) {
      problems.push(`"${list}" must be an array`);
      continue;
    }
    for (const [i, entry] of (entries as unknown[]).entries()) {
      const at = `${list}[${i}]`;
      if (!isObject(entry)) {
        problems.push(`${at} must be an object`);
        continue;
      }
      const scope = entry.scope;
      if (!isObject(scope) || !['kind', 'path', 'type', 'id'].every((k) => typeof scope[k] === 'string'))
        problems.push(`${at}.scope must have the strings "kind", "path", "type" and "id"`);
      expect(typeof entry.name === 'string', `${at}.name must be a string`);
      expect(typeof entry.entity === 'string', `${at}.entity must be a string`);
      if (list !== 'changes') continue;
      const action = entry.action;
      if (action !== 'create' && action !== 'update' && action !== 'delete') {
        problems.push(`${at}.action must be "create", "update" or "delete"`);
        continue;
      }
      if (action !== 'create') {
        expect(typeof entry.id === 'string', `${at}.id must be a string`);
        expect(typeof entry.fingerprint === 'string', `${at}.fingerprint must be a string`);
      }
      if (action === 'delete') continue;
      expect(isObject(entry.source), `${at}.source must be an object`);
      const kind = action === 'create' ? 'create' : 'update';
      const checked = validate(entry.input, { kind });
      for (const p of checked.problems.slice(0, 3))
        problems.push(`${formatJsonPath(p.path, `${at}.input`)}: ${p.message}`);
      if (action === 'update' && isObject(entry.input) && entry.input.id !== entry.id)
        problems.push(`${at}.input.id must be the automation's id "${String(entry.id)}"`);
    }
  }
  // `kept` came later: a plan saved before it has none, and one saved before
  // inexpressible automations were kept has no `why` (all of its kept hold the key).
  if (value.kept !== undefined && !Array.isArray(value.kept)) problems.push('"kept" must be an array');
  for (const [i, entry] of (Array.isArray(value.kept) ? (value.kept as unknown[]) : []).entries()) {
    const at = `kept[${i}]`;
    if (!isObject(entry) || typeof entry.id !== 'string') {
      problems.push(`${at} must be an object with the string "id"`);
      continue;
    }
    if (entry.why !== undefined && entry.why !== 'secret' && entry.why !== 'inexpressible')
      problems.push(`${at}.why must be "secret" or "inexpressible"`);
  }
  // `$schema` names the file's JSON Schema for editors; nothing else reads it.
  if (value.$schema !== undefined && typeof value.$schema !== 'string')
    problems.push('"$schema" must be a string (the URL or path of the JSON Schema the plan follows)');
  if (problems.length > 0) throw new PlanFileError(problems);
  const { $schema: _schema, ...plan } = value;
  const kept = ((value.kept ?? []) as Record<string, unknown>[]).map((entry) =>
    entry.why === undefined ? { ...entry, why: 'secret', reason: secretKeepReason } : entry,
  );
  return { ...(plan as unknown as Plan), kept: kept as unknown as Plan['kept'] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
