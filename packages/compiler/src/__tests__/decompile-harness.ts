/**
 * Shared harness for the decompiler tests: the names the golden vectors'
 * ID placeholders stand for, and the round trip
 * payload → decompile → formatted source → compile → payload.
 */

import { compile } from '../compile.js';
import { type DecompileOptions, decompileAll } from '../decompile/decompile.js';
import type { CompiledAutomation, IdMap } from '../model/types.js';

/** Names for the IDs of `spec/vectors/README.md` ("Names used in sdk_expression"). */
export const vectorIds: IdMap = {
  projects: { 'my-team/my-project': 'UHJvamVjdDox' },
  registries: { 'my-org/models': 'UHJvamVjdDoy' },
  collections: {
    'my-team/my-project/my-dataset': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=',
    'my-org/wandb-registry-models/my-model': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjI=',
  },
  teams: { 'my-team': 'RW50aXR5OjE=' },
  orgs: { 'my-org': 'RW50aXR5OjI=' },
  // Both integrations belong to my-team, so rules in other entities' scopes name them "my-team/...".
  webhooks: { 'my-team/ci-hook': 'SW50ZWdyYXRpb246Mg==' },
  slack: { 'my-team/#ml-alerts': 'SW50ZWdyYXRpb246MQ==' },
};

/** What one payload's round trip produced. */
export interface RoundTrip {
  /** The decompiled source. */
  readonly text: string;
  /** The decompiler's diagnostics. */
  readonly decompileCodes: readonly string[];
  /** The compiler's error and warning diagnostics on `text`, as `CODE message`. */
  readonly compileProblems: readonly string[];
  /** The automations `text` compiles to with `ids`. */
  readonly automations: readonly CompiledAutomation[];
}

/** Decompiles `payload` alone, then compiles the source with `ids`. */
export function roundTrip(payload: unknown, ids: IdMap, options: DecompileOptions = { ids }): RoundTrip {
  const decompiled = decompileAll([payload], options);
  const compiled = compile([{ file: 'decompiled.wbrules', text: decompiled.text }], { ids });
  return {
    text: decompiled.text,
    decompileCodes: decompiled.diagnostics.map((d) => d.code),
    compileProblems: compiled.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.message}`),
    automations: compiled.automations,
  };
}

/** A payload without its update `id` (a rule is the automation's content; the ID is the server's). */
export function withoutUpdateId(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { id: _id, ...rest } = input;
  return rest;
}
