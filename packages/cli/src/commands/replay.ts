import { basename, extname } from 'node:path';
import { type CompiledAutomation, compile } from '@wbrules/compiler';
import {
  decodeTrigger,
  describeWhy,
  evaluate,
  type Firing,
  isAssumed,
  parseHistory,
  type SemanticPointId,
  type TimeSource,
} from '@wbrules/evaluator';
import { ExitCode } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics } from '../output.js';
import { printable } from '../printable.js';
import { readSources } from '../read-sources.js';
import { assumptionLegend, firingPayload, PAYLOAD_LEGEND } from '../test-report.js';

/** Options of `wbrules replay`. */
export interface ReplayCommandOptions {
  /** The history export: JSON Lines or CSV. */
  readonly history: string;
  /** The column naming each row's run. */
  readonly runColumn?: string;
  /** Print the firings as a JSON array instead of a timeline. */
  readonly json?: boolean;
  /** After each firing, the webhook body or ARIA prompt it would send (`payload` in the JSON). */
  readonly showPayloads?: boolean;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules replay <rules…> --history <file>`: evaluates the rules' metric
 * automations against a recorded history (one row per logged step, several
 * runs per file) and prints when each would have fired, in time order, with
 * the values that made it fire. Exit 0 after a replay (whatever fired), 1
 * when the rules or the history have errors (nothing is replayed), 2 for
 * usage errors.
 */
export function replayCommand(
  inputs: readonly string[],
  options: ReplayCommandOptions,
  io: Io,
  /** Called with each firing, in order (`--deliver`, deliver-firings.ts). */
  onFiring?: (firing: Firing, automation: CompiledAutomation) => void,
): ExitCode {
  const { sources, texts } = readSources(inputs);
  const history = readInput(options.history);
  texts.add(history.file, history.text);
  const { automations, diagnostics: compileDiagnostics } = compile(sources);
  const parsed = parseHistory(history.text, {
    file: history.file,
    defaultRun: basename(history.file, extname(history.file)),
    ...(options.runColumn === undefined ? {} : { runColumn: options.runColumn }),
  });
  const diagnostics = [...compileDiagnostics.filter((d) => d.severity !== 'info'), ...parsed.diagnostics];
  reportDiagnostics(io, options.format, diagnostics, texts, sources[0]?.file ?? history.file);
  if (hasErrors(diagnostics)) return ExitCode.failed;

  const evaluation = evaluate(automations, { runs: parsed.runs });
  for (const f of evaluation.firings) onFiring?.(f, automations[f.automation] as CompiledAutomation);
  if (options.json === true) {
    io.stdout(
      jsonText(evaluation.firings.map((f) => firingJson(f, automations, parsed.timeSource, options.showPayloads))),
    );
    return ExitCode.ok;
  }
  const out: string[] = [];
  const steps = parsed.runs.reduce((n, r) => n + r.steps.length, 0);
  const times =
    parsed.timeSource === 'step'
      ? 'no _timestamp or _runtime column, so a step counts as one second'
      : `times from ${parsed.timeSource}`;
  out.push(
    `${history.file}: ${plural(parsed.runs.length, 'run')}, ${plural(steps, 'step')} (${parsed.format === 'jsonl' ? 'JSON Lines' : 'CSV'}; ${times})`,
  );
  const rows = evaluation.firings.map((f) => timelineRow(f, parsed.timeSource));
  // Column widths once, in a loop: recomputed per row (or as `Math.max(...cells)`)
  // a long replay took quadratic time (or overflowed the stack).
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] as string).length);
  }
  const payloadAssumed = new Set<SemanticPointId>();
  rows.forEach((row, r) => {
    out.push(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
    if (options.showPayloads !== true) return;
    const firing = evaluation.firings[r] as Firing;
    const payload = firingPayload(firing, automations[firing.automation] as CompiledAutomation);
    if (payload === undefined) return;
    out.push(`    ${payload.line}`);
    for (const id of payload.rendered.assumed) payloadAssumed.add(id);
  });
  const fired = new Set(evaluation.firings.map((f) => f.automation));
  const metricAutomations = automations.filter((a) => a.input.triggeringEventType.startsWith('RUN_METRIC'));
  out.push(
    '',
    `${plural(evaluation.firings.length, 'firing')} of ${plural(fired.size, 'automation')}; ${plural(metricAutomations.length - fired.size, 'metric automation')} never fired`,
  );
  const logged = new Set(parsed.runs.flatMap((r) => [...r.metrics.keys()]));
  const missing = metricAutomations.filter((a) => !logged.has(metricOf(a)));
  if (missing.length > 0) {
    out.push(`not in the history: ${missing.map((a) => `"${metricOf(a)}" (${a.name})`).join(', ')}`);
  }
  const others = automations.length - metricAutomations.length;
  if (others > 0)
    out.push(
      `${plural(others, 'run-state or artifact automation')} not replayed: a history holds no state changes or artifact events`,
    );
  const assumed = new Set<SemanticPointId>();
  for (const f of evaluation.firings) for (const p of f.assumed) assumed.add(p);
  for (const t of evaluation.touches) if (isAssumed(t.point)) assumed.add(t.point);
  const legend = assumptionLegend(assumed);
  if (legend.length > 0)
    out.push(...legend.map((line) => line.replace('verdicts marked [assumes: …] rest', 'this timeline rests')));
  out.push(...assumptionLegend(payloadAssumed, PAYLOAD_LEGEND));
  io.stdout(`${out.map(printable).join('\n')}\n`);
  return ExitCode.ok;
}

/** The metric a metric automation watches, read from its payload. */
function metricOf(automation: CompiledAutomation): string {
  const decoded = decodeTrigger(automation.input.triggeringEventType, automation.input.eventFilter);
  return decoded.ok && decoded.trigger.family === 'metric' ? decoded.trigger.condition.metric : '';
}

/** `[time, run, step, automation, why]`; the time column is empty without times. */
function timelineRow(f: Firing, source: TimeSource): string[] {
  const run = f.kind === 'artifact' ? '' : `run "${f.run.name}"`;
  const step = f.kind === 'artifact' ? '' : `step ${f.step}`;
  const assumes = f.assumed.length === 0 ? '' : `  [assumes: ${f.assumed.join(', ')}]`;
  return [formatTime(f.time, source), run, step, f.name, `${describeWhy(f)}${assumes}`].filter(
    (_, i) => i > 0 || source !== 'step',
  );
}

/** `2024-05-01T10:00:04Z` for wall-clock times, `+1:02:03` for run times. */
function formatTime(seconds: number, source: TimeSource): string {
  if (source === '_timestamp') return new Date(Math.round(seconds * 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `+${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function firingJson(
  f: Firing,
  automations: readonly CompiledAutomation[],
  source: TimeSource,
  showPayloads: boolean | undefined,
): object {
  const a = automations[f.automation] as CompiledAutomation;
  const payload = showPayloads === true ? firingPayload(f, a) : undefined;
  return {
    automation: f.name,
    file: a.file,
    line: a.line,
    ...(f.kind === 'artifact' ? {} : { run: f.run.name, step: f.step }),
    time: f.time,
    ...(source === '_timestamp' ? { at: formatTime(f.time, source) } : {}),
    ...(f.kind === 'metric' ? { metric: f.metric, detail: f.detail } : {}),
    reason: describeWhy(f),
    assumed: f.assumed,
    ...(payload === undefined ? {} : { payload: payload.rendered.shown }),
  };
}
