import { compile } from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import {
  capabilityDiagnostics,
  enables,
  featureFlags,
  gatedEvents,
  listingKind,
  type ServerCapabilities,
  strippedFragments,
  WandbClientError,
} from '@wbrules/runtime';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics } from '../output.js';
import { printable } from '../printable.js';
import { readSources } from '../read-sources.js';
import { type ServerOptions, type StrictCapabilitiesOption, serverClient } from '../server-client.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules capabilities`. */
export interface CapabilitiesCommandOptions extends ServerOptions, StrictCapabilitiesOption {
  /** Print the report as JSON. */
  readonly json?: boolean;
  readonly format: DiagnosticFormat;
}

/** The flags wbrules checks rules against (spec §3.1's gate column), in the order the report lists them. */
const checkedFlags = [
  featureFlags.scopeEntity,
  ...gatedEvents.map((event) => `AUTOMATION_EVENT_${event}`),
  featureFlags.actionAria,
];

/** What `wbrules capabilities --json` prints. */
export interface CapabilitiesReport {
  readonly server: string;
  /** Whether `ServerInfo` has a `features` field. */
  readonly featuresField: boolean;
  readonly features: ServerCapabilities['features'];
  /** The fragments stripped from every document sent (spec §8.1). */
  readonly strippedFragments: readonly string[];
  /** `entity`: `Entity.triggers` (GetEntityAutomations); `legacy`: the entity's projects (GetEntityAutomationsLegacy). */
  readonly listing: 'entity' | 'legacy';
  /** The flags rules are checked against that the server does not enable: a rule needing one gets WR5301. */
  readonly missingFlags: readonly string[];
  /** With files: the rules that would be warned about, one entry per rule and flag. */
  readonly rules?: readonly {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly name: string;
    readonly flag: string;
  }[];
}

/**
 * `wbrules capabilities [files…]`: what the server advertises
 * (`serverInfo { features }`) and what wbrules does with it — the
 * fragments it strips from its documents, the listing it uses, the flags it
 * warns about — and, given rules files, which rules `plan` and `apply`
 * would warn about (WR5301, on stderr like theirs). Exit 0; 1 for errors in
 * the files (or WR5301 with `--strict-capabilities`); 2 for usage errors
 * and a server that cannot be used.
 */
export async function capabilitiesCommand(
  inputs: readonly string[],
  options: CapabilitiesCommandOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ExitCode> {
  const read = inputs.length === 0 ? { sources: [], texts: new SourceTexts() } : readSources(inputs);
  const compiled = compile(read.sources);
  const problems = compiled.diagnostics.filter((d) => d.severity !== 'info');
  const fallbackFile = read.sources[0]?.file ?? '';
  if (hasErrors(problems)) {
    reportDiagnostics(rawIo, options.format, problems, read.texts, fallbackFile);
    return ExitCode.failed;
  }
  const server = serverClient('capabilities', options, rawIo, env);
  const io = server.io;
  let capabilities: ServerCapabilities;
  try {
    capabilities = await server.capabilities();
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  }
  const gated = capabilityDiagnostics(compiled.automations, capabilities, {
    strict: options.strictCapabilities === true,
  });
  const report: CapabilitiesReport = {
    server: server.connection.baseUrl,
    featuresField: capabilities.featuresField,
    features: capabilities.features,
    strippedFragments: strippedFragments(capabilities),
    listing: listingKind(capabilities),
    missingFlags: checkedFlags.filter((flag) => !enables(capabilities, flag)),
    ...(inputs.length === 0 ? {} : { rules: ruleEntries(gated, read.texts) }),
  };
  io.stdout(options.json === true ? jsonText(report) : reportText(report, compiled.automations.length));
  const diagnostics = [...problems, ...gated];
  reportDiagnostics(io, options.format, diagnostics, read.texts, fallbackFile);
  return hasErrors(diagnostics) ? ExitCode.failed : ExitCode.ok;
}

function ruleEntries(gated: readonly Diagnostic[], texts: SourceTexts): NonNullable<CapabilitiesReport['rules']> {
  return gated.map((d) => {
    const file = d.file ?? '';
    const at = texts.locate(file, d.span.start);
    const name = /automation "((?:[^"\\]|\\.)*)"/.exec(d.message)?.[1] ?? '';
    const flag = /enable ([A-Z_]+)/.exec(d.message)?.[1] ?? '';
    return { file, line: at.line, column: at.column, name, flag };
  });
}

function reportText(report: CapabilitiesReport, rules: number): string {
  const lines = [`Server: ${report.server}`, ''];
  if (!report.featuresField) lines.push('Features: none (its serverInfo has no "features" field)');
  else if (report.features.length === 0) lines.push('Features: none listed');
  else {
    lines.push('Features (serverInfo.features):');
    const width = Math.max(...report.features.map((f) => f.name.length));
    for (const f of report.features)
      lines.push(`  ${printable(f.name).padEnd(width)}  ${f.isEnabled ? 'enabled' : 'disabled'}`);
  }
  lines.push('', 'What wbrules does with this server:');
  lines.push(
    report.strippedFragments.length === 0
      ? '  strips no fragments from the documents it sends'
      : `  strips ${report.strippedFragments.join(', ')} from every document it sends (the server's schema lacks their types)`,
  );
  lines.push(
    report.listing === 'entity'
      ? '  lists automations with Entity.triggers (GetEntityAutomations)'
      : '  lists automations project by project (GetEntityAutomationsLegacy): the server has no QUERY_AUTOMATIONS_ON_ENTITY, so team and organization automations are not listed',
  );
  lines.push(
    report.missingFlags.length === 0
      ? '  warns about no rule: the server enables every flag wbrules checks'
      : `  warns (WR5301) about rules that need ${report.missingFlags.join(', ')}`,
  );
  if (report.rules !== undefined) {
    const flagged = new Set(report.rules.map((r) => `${r.file}\u0000${r.line}\u0000${r.column}`)).size;
    lines.push(
      '',
      flagged === 0
        ? `Rules: ${plural(rules, 'rule')}, none needing a flag the server does not enable.`
        : `Rules: ${plural(rules, 'rule')}, ${flagged} needing a flag the server does not enable (warnings on stderr):`,
    );
    for (const r of report.rules)
      lines.push(`  ${printable(r.file)}:${r.line}:${r.column}  ${printable(r.name)}  needs ${r.flag}`);
  }
  return `${lines.join('\n')}\n`;
}
