/**
 * JUnit XML for `wbrules test --junit`: the format CI systems (GitHub
 * Actions reporters, GitLab, Jenkins) read. One `<testsuite>` per test file,
 * one `<testcase>` per case; a file that could not be loaded is one errored
 * case named after the file.
 */

/** One case as the report shows it. */
export interface JunitCase {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly details: string };
  readonly error?: { readonly message: string; readonly details: string };
}

/** One test file. */
export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
}

/** The XML document, ending with a newline. */
export function junitXml(suites: readonly JunitSuite[]): string {
  const count = (suite: JunitSuite, key: 'failure' | 'error'): number =>
    suite.cases.filter((c) => c[key] !== undefined).length;
  const total = (key: 'failure' | 'error'): number => suites.reduce((n, s) => n + count(s, key), 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wbrules test" tests="${tests}" failures="${total('failure')}" errors="${total('error')}">`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.cases.length}" failures="${count(suite, 'failure')}" errors="${count(suite, 'error')}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(suite.name)}"`;
      const problem = c.failure ?? c.error;
      if (problem === undefined) {
        lines.push(`${open}/>`);
        continue;
      }
      const tag = c.failure === undefined ? 'error' : 'failure';
      lines.push(`${open}>`);
      lines.push(`      <${tag} message="${xmlEscape(problem.message)}">${xmlEscape(problem.details, false)}</${tag}>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes text for XML (an attribute unless `attribute` is false, where line
 * breaks must be character references to survive); drops characters XML 1.0
 * cannot hold.
 */
function xmlEscape(text: string, attribute = true): string {
  const escaped = text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return attribute ? escaped.replace(/\n/g, '&#10;') : escaped;
}
