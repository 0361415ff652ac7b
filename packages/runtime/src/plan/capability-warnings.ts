import type { CompiledAutomation } from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import { type GateNeed, missingFlags, type ServerCapabilities } from '../client/capabilities.js';

/**
 * WR5301: a rule whose scope, event or action needs a feature flag the
 * server does not enable (spec §3.1's gate column). A warning, at the rule:
 * the wandb SDK refuses such a rule outright, which is the bug users hit
 * when a server works but does not advertise the flag (spec §11), so
 * wbrules sends it and lets the server decide. With `strict`
 * (`--strict-capabilities`) it is an error, and nothing is applied.
 */

/** Options for {@link capabilityDiagnostics}. */
export interface CapabilityDiagnosticsOptions {
  /** Report errors instead of warnings (`--strict-capabilities`). */
  readonly strict?: boolean;
}

const partText: Readonly<Record<GateNeed['part'], (value: string) => string>> = {
  scope: (value) => (value === 'ENTITY' ? 'its team or organization scope (ENTITY)' : `its scope type ${value}`),
  event: (value) => `its event ${value}`,
  action: (value) => `its action ${value}`,
};

/** One diagnostic per rule and missing flag, in rule order. */
export function capabilityDiagnostics(
  automations: readonly Pick<CompiledAutomation, 'name' | 'file' | 'span' | 'input'>[],
  capabilities: ServerCapabilities,
  options: CapabilityDiagnosticsOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const aside = capabilities.featuresField
    ? ''
    : ' (it advertises no features: its serverInfo has no "features" field)';
  for (const automation of automations) {
    for (const need of missingFlags(capabilities, automation.input)) {
      out.push({
        code: 'WR5301',
        severity: options.strict === true ? 'error' : 'warning',
        message: `the server does not enable ${need.flag}${aside}, which automation "${automation.name}" needs for ${partText[need.part](need.value)}; the server may refuse it`,
        span: { start: automation.span.start, end: automation.span.end },
        file: automation.file,
        hints: [
          options.strict === true
            ? 'without --strict-capabilities this is a warning and the rule is sent: the server decides'
            : 'wbrules sends the rule anyway (the wandb SDK would refuse it); --strict-capabilities makes this an error',
        ],
      });
    }
  }
  return out;
}
