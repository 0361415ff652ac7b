import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CompiledAutomation, type CompileSource, compile } from '@wbrules/compiler';
import { type Diagnostic, diagnosticCodes, LineIndex } from '@wbrules/dsl';
import {
  type ExpectationResult,
  type Firing,
  parseTestFile,
  runTestFile,
  type SemanticPointId,
  type TestFileResult,
} from '@wbrules/evaluator';
import { ExitCode, UsageError } from '../exit-code.js';
import { describeFsError, readInput, writeFileAtomic } from '../files.js';
import { findTestFiles } from '../find-test-files.js';
import type { Io } from '../io.js';
import { type JunitSuite, junitXml } from '../junit.js';
import { workflowCommand } from '../github.js';
import {
  type DiagnosticFormat,
  diagnosticsDocument,
  hasErrors,
  jsonText,
  plural,
  renderDiagnostics,
  shownDiagnostics,
} from '../output.js';
import { printable } from '../printable.js';
import { SourceTexts } from '../source-texts.js';
import {
  assumptionLegend,
  caseAssumptions,
  describeExpectation,
  describeFiring,
  firingPayload,
  formatCase,
  PAYLOAD_LEGEND,
} from '../test-report.js';

/** Options of `wbrules test`. */
export interface TestCommandOptions {
  /** Write a JUnit XML report here. */
  readonly junit?: string;
  /** List the automations no test case makes fire. */
  readonly coverage?: boolean;
  /** Print the results as JSON (see {@link TestResultsJson}) instead of text. */
  readonly json?: boolean;
  /** After each case, its firings with the webhook body or ARIA prompt each would send (text output). */
  readonly showPayloads?: boolean;
  /**
   * The format of the diagnostics on stderr (default `text`); with `github`
   * each failed expectation is also an `::error` at its line in the test file.
   */
  readonly format?: DiagnosticFormat;
}

/** `wbrules test --json`: every file's cases, what failed and why, and the counts. */
export interface TestResultsJson {
  readonly files: readonly {
    readonly file: string;
    /** `false` when errors kept the file from running (see the diagnostics on stderr). */
    readonly ran: boolean;
    readonly cases: readonly {
      readonly name: string;
      readonly line: number;
      readonly status: 'passed' | 'failed' | 'error';
      /** Failed expectations: what was expected, and what happened instead. */
      readonly failures: readonly { readonly expected: string; readonly actual: readonly string[] }[];
    }[];
  }[];
  readonly summary: {
    readonly cases: number;
    readonly passed: number;
    readonly failed: number;
    readonly notRun: number;
    readonly filesNotRun: number;
  };
  /** With `--coverage`: the automations no case made fire. */
  readonly coverage?: {
    readonly automations: number;
    readonly fired: number;
    readonly neverFired: readonly { readonly file: string; readonly line: number; readonly name: string }[];
  };
}

/** One test file: what was loaded and how its cases came out (`result` is absent when it could not be run). */
interface FileOutcome {
  readonly file: string;
  readonly text: string;
  readonly automations: readonly CompiledAutomation[];
  readonly diagnostics: readonly Diagnostic[];
  readonly result?: TestFileResult;
}

/**
 * `wbrules test [files…]`: runs rule test files (every `*.wbrules-test.yaml`
 * under the current directory when none are named) and prints each case's
 * result to stdout, failed expectations with the firings that happened
 * instead, then a summary. Problems in test or rules files are located
 * diagnostics on stderr, in `--format` (with `github`, each failed
 * expectation is an annotation there too). Exit 0 when every case passed, 1
 * when a case failed or a file has errors, 2 for usage errors.
 */
export function testCommand(
  inputs: readonly string[],
  options: TestCommandOptions,
  io: Io,
  cwd = process.cwd(),
  /** Called with each case's firings, in order (`--deliver`, deliver-firings.ts). */
  onFiring?: (firing: Firing, automation: CompiledAutomation) => void,
): ExitCode {
  const files = findTestFiles(inputs, cwd);
  const texts = new SourceTexts();
  const outcomes = files.map((file) => loadAndRun(file, texts));
  const diagnostics = outcomes.flatMap((o) => o.diagnostics);
  const format = options.format ?? 'text';
  const shown = shownDiagnostics(diagnostics, { quiet: io.quiet });
  io.stderr(
    diagnosticsDocument(format, shown, texts, files[0] ?? '') ??
      renderDiagnostics(shown, texts, files[0] ?? '', io.color),
  );
  if (format === 'github') io.stderr(failureAnnotations(outcomes, texts));

  const out: string[] = [];
  const assumed = new Set<SemanticPointId>();
  const payloadAssumed = new Set<SemanticPointId>();
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  let filesNotRun = 0;
  for (const outcome of outcomes) {
    out.push(outcome.file);
    if (outcome.result === undefined) {
      out.push('  ! not run: see the errors above');
      filesNotRun++;
      continue;
    }
    if (outcome.result.cases.length === 0) out.push('  (no test cases)');
    for (const c of outcome.result.cases) {
      out.push(...formatCase(c, outcome.text));
      for (const f of c.evaluation?.firings ?? [])
        onFiring?.(f, c.evaluation?.automations[f.automation] as CompiledAutomation);
      if (options.showPayloads === true && c.evaluation !== undefined) {
        for (const firing of c.evaluation.firings) {
          const payload = firingPayload(firing, c.evaluation.automations[firing.automation] as CompiledAutomation);
          if (payload === undefined) continue;
          out.push(`      ${JSON.stringify(firing.name)} fired ${describeFiring(firing)}`, `        ${payload.line}`);
          for (const id of payload.rendered.assumed) payloadAssumed.add(id);
        }
      }
      for (const id of caseAssumptions(c)) assumed.add(id);
      if (c.status === 'passed') passed++;
      else if (c.status === 'failed') failed++;
      else notRun++;
    }
  }
  const total = passed + failed + notRun;
  const counts = [`${passed} passed`, `${failed} failed`, ...(notRun === 0 ? [] : [`${notRun} not run`])];
  const unrun = filesNotRun === 0 ? '' : `; ${plural(filesNotRun, 'file')} not run`;
  out.push('', `${plural(total, 'case')} in ${plural(files.length, 'file')}: ${counts.join(', ')}${unrun}`);
  const legend = assumptionLegend(assumed);
  if (legend.length > 0) out.push(...legend);
  out.push(...assumptionLegend(payloadAssumed, PAYLOAD_LEGEND));
  if (options.coverage === true) out.push('', ...coverageLines(outcomes));
  if (options.json === true) {
    const summary = { cases: total, passed, failed, notRun, filesNotRun };
    io.stdout(jsonText(resultsJson(outcomes, summary, options.coverage === true)));
  } else {
    io.stdout(`${out.map(printable).join('\n')}\n`);
  }

  if (options.junit !== undefined) {
    // CI configurations name report paths in directories that do not exist yet (reports/junit.xml).
    try {
      mkdirSync(dirname(options.junit), { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot write "${options.junit}": ${describeFsError(error)}`);
    }
    writeFileAtomic(options.junit, junitXml(outcomes.map(junitSuite)));
  }
  return failed > 0 || notRun > 0 || filesNotRun > 0 || hasErrors(diagnostics) ? ExitCode.failed : ExitCode.ok;
}

/** Reads a test file and its rules files, compiles the rules and runs the cases; never throws for a bad input file. */
function loadAndRun(file: string, texts: SourceTexts): FileOutcome {
  const { text } = readInput(file);
  texts.add(file, text);
  const parsed = parseTestFile(text, file);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const sources: CompileSource[] = [];
  for (const rule of parsed.testFile.rules) {
    const path = join(dirname(file), rule.value);
    try {
      const source = readInput(path);
      texts.add(source.file, source.text);
      sources.push(source);
    } catch (error) {
      const reason =
        error instanceof UsageError ? error.message.replace(/^cannot read "[^"]*": /, '') : describeFsError(error);
      diagnostics.push({
        code: 'WR6011',
        severity: diagnosticCodes.WR6011.severity,
        message: `cannot read the rules file "${path}": ${reason}`,
        span: rule.span,
        file,
      });
    }
  }
  const compiled = compile(sources);
  // Derived names are reported as info; tests need only the errors and warnings.
  for (const d of compiled.diagnostics) if (d.severity !== 'info') diagnostics.push(d);
  // Errors inside a test case only keep that case from running; any other error keeps the whole file from it.
  if (
    !parsed.runnable ||
    hasErrors(diagnostics.slice(parsed.diagnostics.length)) ||
    parsed.testFile.rules.length === 0
  ) {
    return { file, text, automations: [], diagnostics };
  }
  const result = runTestFile(parsed.testFile, compiled.automations);
  for (const d of result.diagnostics) diagnostics.push(d);
  return { file, text, automations: compiled.automations, diagnostics, result };
}

/** The automations of every file (one entry per file, line and name), and those no case made fire. */
function coverage(outcomes: readonly FileOutcome[]): { all: number; fired: number; never: CompiledAutomation[] } {
  const all = new Map<string, CompiledAutomation>();
  const fired = new Set<string>();
  for (const outcome of outcomes) {
    outcome.automations.forEach((automation, i) => {
      const key = `${automation.file}:${automation.line}:${automation.name}`;
      all.set(key, automation);
      if (outcome.result?.fired.has(i) === true) fired.add(key);
    });
  }
  const never = [...all].filter(([key]) => !fired.has(key)).map(([, a]) => a);
  return { all: all.size, fired: fired.size, never };
}

/** `--coverage`: the automations (by file, line and name) that no case of any file made fire. */
function coverageLines(outcomes: readonly FileOutcome[]): string[] {
  const { all, fired, never } = coverage(outcomes);
  const head = `coverage: ${fired} of ${plural(all, 'automation')} fire in some test case`;
  if (never.length === 0) return [`${head}`];
  return [`${head}; these never do:`, ...never.map((a) => `  ${a.file}:${a.line}  ${a.name}`)];
}

/** The results as `--json` prints them. */
function resultsJson(
  outcomes: readonly FileOutcome[],
  summary: TestResultsJson['summary'],
  withCoverage: boolean,
): TestResultsJson {
  const files = outcomes.map((outcome) => {
    const lines = new LineIndex(outcome.text);
    return {
      file: outcome.file,
      ran: outcome.result !== undefined,
      cases: (outcome.result?.cases ?? []).map((c) => ({
        name: c.name,
        line: lines.locate(c.span.start).line,
        status: c.status,
        failures: c.expectations
          .filter((e) => !e.passed)
          .map((e) => ({
            expected: describeExpectation(e.expectation),
            actual:
              e.firings.length === 0
                ? ['it never fired', ...e.notes]
                : e.firings.map((f) => `it fired ${describeFiring(f)}`),
          })),
      })),
    };
  });
  if (!withCoverage) return { files, summary };
  const { all, fired, never } = coverage(outcomes);
  const neverFired = never.map((a) => ({ file: a.file, line: a.line, name: a.name }));
  return { files, summary, coverage: { automations: all, fired, neverFired } };
}

function junitSuite(outcome: FileOutcome): JunitSuite {
  if (outcome.result === undefined) {
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
    return {
      name: outcome.file,
      cases: [
        {
          name: outcome.file,
          error: {
            message: 'the test file could not be run',
            details: errors.map((d) => `${d.file ?? outcome.file}: ${d.code}: ${d.message}`).join('\n'),
          },
        },
      ],
    };
  }
  return {
    name: outcome.file,
    cases: outcome.result.cases.map((c) => {
      if (c.status === 'passed') return { name: c.name };
      if (c.status === 'error')
        return { name: c.name, error: { message: 'the test case has errors (see the diagnostics)', details: '' } };
      const failures = c.expectations.filter((e) => !e.passed);
      const details = failures.flatMap(failureLines);
      return {
        name: c.name,
        failure: {
          message: `expected ${describeExpectation((failures[0] as (typeof failures)[0]).expectation)}`,
          details: details.join('\n'),
        },
      };
    }),
  };
}

/** A failed expectation in plain lines: `expected …`, then what happened instead (JUnit details, annotations). */
function failureLines(e: ExpectationResult): string[] {
  return [
    `expected ${describeExpectation(e.expectation)}`,
    ...(e.firings.length === 0
      ? ['but it never fired', ...e.notes]
      : e.firings.map((f) => `but it fired ${describeFiring(f)}`)),
  ];
}

/**
 * `--format github`: each failed expectation as an `::error` at its place in
 * the test file, titled `wbrules test`: the case's name, then what was
 * expected and what happened instead.
 */
function failureAnnotations(outcomes: readonly FileOutcome[], texts: SourceTexts): string {
  let out = '';
  for (const outcome of outcomes) {
    for (const c of outcome.result?.cases ?? []) {
      for (const e of c.expectations) {
        if (e.passed) continue;
        const [expected, ...instead] = failureLines(e);
        out += workflowCommand({
          level: 'error',
          file: outcome.file,
          region: texts.region(outcome.file, e.expectation.span),
          title: 'wbrules test',
          message: [`${c.name}: ${expected}`, ...instead].join('\n'),
        });
      }
    }
  }
  return out;
}
