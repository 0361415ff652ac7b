import type { CompiledAutomation } from './types.js';

/**
 * The keys of an entry of `wbrules compile`'s output, in the order it prints
 * them. The decompiler reads the same entries back (decompile/entry.ts).
 */
export const compileEntryKeys = ['name', 'file', 'line', 'scope', 'integration', 'input'] as const;

/**
 * One automation as `wbrules compile` prints it: `{name, file, line, scope,
 * integration?, input}`. The keys are listed here, in this order, so the
 * output format does not change when the compiler's types grow.
 */
export function compileEntry(automation: CompiledAutomation): object {
  const { scope, integration } = automation;
  return {
    name: automation.name,
    file: automation.file,
    line: automation.line,
    scope: { kind: scope.kind, path: scope.path, type: scope.type, entity: scope.entity },
    ...(integration === undefined
      ? {}
      : {
          integration: {
            kind: integration.kind,
            name: integration.name,
            entity: integration.entity,
            key: integration.key,
          },
        }),
    input: automation.input,
  };
}
