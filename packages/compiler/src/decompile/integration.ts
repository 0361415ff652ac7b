import type { IntegrationKind } from '@wbrules/dsl';
import type { IntegrationName, NameLookup } from './names.js';
import { type DecompileReport, entryAdvice, idsAdvice } from './report.js';
import type { NamedScope } from './scope.js';
import { parseIntegrationTarget } from '../model/integration-target.js';
import { scopeEntityOf } from '../model/scope-model.js';

/**
 * The declaration target (`"github-dispatch"`, `"#ml-alerts"`,
 * `"ops-team/pagerduty"`) that names an action's integration. A target
 * without an entity is looked up in the entity that owns the rule's scope,
 * so the entity is written only when the integration lives elsewhere.
 */

/** An integration as a declaration will name it. */
export interface NamedIntegration {
  readonly kind: IntegrationKind;
  /** The declaration's target string. */
  readonly target: string;
  /** The integration's own name (webhook name or `#channel`), which the local name is derived from. */
  readonly name: string;
  /** The entity written in the target, if any. */
  readonly entity: string | undefined;
  /** The entity that owns the rule's scope (where a target without an entity is looked up), when known. */
  readonly owner: string | undefined;
  readonly placeholder: boolean;
}

/**
 * Names the integration an action uses: from a `wbrules compile` entry's
 * own integration (`given`), else from the lookup (ID map or reverse map),
 * else from the saved automation's own integration node, else a
 * placeholder the compiler rejects. `undefined` (reported) when the name
 * exists but cannot be written as a target.
 */
export function nameIntegration(
  kind: IntegrationKind,
  integrationID: string | undefined,
  fromResponse: string | undefined,
  given: IntegrationName | undefined,
  scope: NamedScope,
  lookup: NameLookup,
  report: DecompileReport,
): NamedIntegration | undefined {
  const candidates =
    given !== undefined ? [given] : integrationID === undefined ? [] : lookup.integrations(integrationID);
  const ofKind = candidates.filter((c) => c.kind === kind);
  if (candidates.length > 0 && ofKind.length === 0) {
    const other = candidates[0];
    const source =
      given !== undefined
        ? "the compile entry's integration is"
        : `the names given for integration ID "${integrationID}" say`;
    report.placeholder(
      'integration',
      'WR4017',
      `${source} ${other?.kind} "${other?.name}", but the action needs a ${kind} integration`,
    );
    return placeholder(kind, integrationID);
  }
  const owner = scope.placeholder ? undefined : scopeEntityOf(scope.name.kind, scope.name.path);
  let name: string | undefined;
  let entity: string | undefined;
  const best = ofKind.find((c) => c.entity === undefined || c.entity === owner) ?? ofKind[0];
  if (best !== undefined) {
    name = best.name;
    entity = best.entity === undefined || best.entity === owner ? undefined : best.entity;
  } else if (fromResponse !== undefined) {
    name = fromResponse;
    if (kind === 'slack' && !name.startsWith('#')) {
      report.warning(
        'integration',
        'WR4018',
        `the Slack channel "${name}" has no "#"; the declaration names it "#${name}"`,
        [
          'Declarations name Slack channels with their "#"; check that the channel is found when the rules are applied.',
        ],
      );
      name = `#${name}`;
    }
  }
  if (name === undefined) {
    const what = kind === 'webhook' ? 'webhook integration' : 'Slack integration';
    if (integrationID === undefined)
      report.placeholder(
        'integration',
        'WR4012',
        `cannot name the ${what}: the action has no "integrationID"`,
        entryAdvice,
      );
    else report.placeholder('integration', 'WR4012', `cannot name the ${what} of ID "${integrationID}"`, idsAdvice);
    return placeholder(kind, integrationID);
  }
  const target = entity === undefined ? name : `${entity}/${name}`;
  const parsed = parseIntegrationTarget(kind, target);
  if (!parsed.ok || parsed.target.name !== name || parsed.target.entity !== entity) {
    report.unsupported(
      'WR4010',
      `its ${kind} integration "${name}" cannot be named in a declaration${parsed.ok ? '' : ` (${parsed.problem.message})`}`,
    );
    return undefined;
  }
  return { kind, target, name, entity, owner, placeholder: false };
}

/**
 * A target no compiler accepts (a webhook name with `<`, a Slack channel
 * without `#`) that says which ID needs a name.
 */
function placeholder(kind: IntegrationKind, integrationID: string | undefined): NamedIntegration {
  const what = kind === 'webhook' ? 'webhook' : 'Slack integration';
  const target = integrationID === undefined ? `<no ${what} ID>` : `<no name for ${what} ID ${integrationID}>`;
  return {
    kind,
    target,
    name: kind === 'webhook' ? 'hook' : 'channel',
    entity: undefined,
    owner: undefined,
    placeholder: true,
  };
}
