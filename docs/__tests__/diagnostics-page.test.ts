import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { diagnosticCodes } from '../../packages/dsl/src/index.js';
import { renderDiagnosticsPage } from '../../scripts/gen-diagnostics-doc.mjs';
import { anchors } from './markdown.js';

/**
 * docs/diagnostics.md is generated from the one table of diagnostic codes;
 * regenerating it from the source table must give the checked-in page, so a
 * new code cannot ship without its heading (and its stable `#wrNNNN` link).
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const page = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');

describe('docs/diagnostics.md', () => {
  test('is up to date with packages/dsl/src/diagnostic-codes.ts', () => {
    expect(
      page,
      'docs/diagnostics.md is stale: run `npx -y pnpm@12.4.2 docs:diagnostics` and check in the result',
    ).toBe(renderDiagnosticsPage(diagnosticCodes));
  });

  test('has one heading per code, anchored #wrNNNN', () => {
    const found = anchors(page);
    for (const code of Object.keys(diagnosticCodes)) expect(found, code).toContain(code.toLowerCase());
    const headings = [...page.matchAll(/^#{2,3} (WR\d+)$/gm)].map((m) => m[1]);
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings.sort()).toEqual(Object.keys(diagnosticCodes).sort());
  });

  test('renders a code the table has not seen before, under a heading of its own', () => {
    const more = renderDiagnosticsPage({
      WR1001: { severity: 'error', summary: 'a character that cannot start any token' },
      WR9001: { severity: 'warning', summary: 'something new' },
    });
    expect(more).toContain('\n### WR1001\n\n**Error**: a character that cannot start any token.\n');
    expect(more).toContain('\n## Other codes\n\n### WR9001\n\n**Warning**: something new.\n');
  });
});
