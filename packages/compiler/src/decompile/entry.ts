import type { ScopeKind } from '@wbrules/dsl';
import { compileEntryKeys } from '../model/compile-entry.js';
import { isRecord } from './action.js';
import { describeValue, quoteList } from './json.js';
import type { IntegrationName, ScopeName } from './names.js';
import type { DecompileReport } from './report.js';

/**
 * An entry of `wbrules compile`'s output — `{name, file, line, scope,
 * integration?, input}` — read as its input plus the names that input was
 * compiled from. The entry's `scope` (keyword and path) and `integration`
 * (kind, name and the entity it is looked up in) say what the input's
 * `scopeID` and `integrationID` stand for, or would stand for: an entry
 * compiled without an ID map has no IDs at all, and still decompiles to
 * the rule it came from.
 */

/** The input of a compile entry and the names it carries. */
export interface CompileEntry {
  readonly input: Readonly<Record<string, unknown>>;
  readonly scope: ScopeName;
  /** Absent for `-> nothing`. */
  readonly integration: IntegrationName | undefined;
}

const scopeKinds: readonly ScopeKind[] = ['project', 'registry', 'collection', 'team', 'org'];

/** Whether a value looks like a compile entry rather than an input or a saved automation (it wraps an `input` object). */
export function isCompileEntry(value: Readonly<Record<string, unknown>>): boolean {
  return isRecord(value.input) && !('eventFilter' in value) && !('triggeringEventType' in value);
}

/** Reads a compile entry; `undefined` when it cannot be read (the report says why). */
export function readCompileEntry(
  entry: Readonly<Record<string, unknown>>,
  report: DecompileReport,
): CompileEntry | undefined {
  const input = entry.input as Readonly<Record<string, unknown>>;
  if (typeof input.name === 'string') report.automation = input.name;
  else if (typeof entry.name === 'string') report.automation = entry.name;
  const unknown = Object.keys(entry).filter((k) => !(compileEntryKeys as readonly string[]).includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the compile entry has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    );
    return undefined;
  }
  const scope = entry.scope;
  if (!isRecord(scope) || !(scopeKinds as readonly unknown[]).includes(scope.kind) || typeof scope.path !== 'string') {
    return malformed(report, 'scope', scope, 'an object with a scope "kind" and a "path"');
  }
  const integration = entry.integration;
  if (integration === undefined || integration === null)
    return { input, scope: { kind: scope.kind as ScopeKind, path: scope.path }, integration: undefined };
  if (
    !isRecord(integration) ||
    (integration.kind !== 'webhook' && integration.kind !== 'slack') ||
    typeof integration.name !== 'string' ||
    (integration.entity !== undefined && typeof integration.entity !== 'string')
  ) {
    return malformed(report, 'integration', integration, 'an object with a "kind" (webhook or slack) and a "name"');
  }
  return {
    input,
    scope: { kind: scope.kind as ScopeKind, path: scope.path },
    integration:
      typeof integration.entity === 'string'
        ? { kind: integration.kind, name: integration.name, entity: integration.entity }
        : { kind: integration.kind, name: integration.name },
  };
}

function malformed(report: DecompileReport, field: string, value: unknown, expected: string): undefined {
  report.unsupported('WR4002', `the compile entry's "${field}" is ${describeValue(value)}, not ${expected}`);
  return undefined;
}
