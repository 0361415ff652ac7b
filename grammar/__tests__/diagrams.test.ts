import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { grammarDiagramsHtml, grammarParser } from '../../packages/dsl/src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const grammarDir = join(root, 'grammar');
const page = readFileSync(join(grammarDir, 'diagrams.html'), 'utf8');

/** Every `src` of a script and `href` of a link on the page. */
function resources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*['"]([^'"]*)['"]/g)].map((m) => m[1] as string);
}

describe('grammar/diagrams.html', () => {
  it('is up to date with the parser', () => {
    expect(page, 'grammar/diagrams.html is stale: run `pnpm grammar` and check in the result').toBe(
      grammarDiagramsHtml(),
    );
  });

  it('loads only files checked in beside it, never from the network', () => {
    const urls = resources(page);
    expect(urls).toEqual([
      './diagrams/diagrams.css',
      './diagrams/vendor/railroad-diagrams.js',
      './diagrams/src/diagrams_builder.js',
      './diagrams/src/diagrams_behavior.js',
      './diagrams/src/main.js',
    ]);
    expect(page).not.toMatch(/<(?:script|link)\b[^>]*(?:https?:)?\/\//i);
    for (const url of urls) expect(existsSync(join(grammarDir, url)), url).toBe(true);
  });

  it("keeps its resources identical to the installed Chevrotain's, so an upgrade is noticed", () => {
    const chevrotain = join(realpathSync(join(root, 'packages/dsl/node_modules/chevrotain')), 'diagrams');
    for (const url of resources(page)) {
      const file = url.slice('./diagrams/'.length);
      expect(readFileSync(join(grammarDir, 'diagrams', file), 'utf8'), `${file}: run \`pnpm grammar\``).toBe(
        readFileSync(join(chevrotain, file), 'utf8'),
      );
    }
  });

  it('draws one railroad diagram per grammar rule with the checked-in scripts', () => {
    // The page's own scripts, run as a browser would run them (browser-globals branch of their UMD wrapper).
    const sandbox: Record<string, unknown> = {};
    vm.createContext(sandbox);
    for (const file of ['vendor/railroad-diagrams.js', 'src/diagrams_builder.js']) {
      vm.runInContext(readFileSync(join(grammarDir, 'diagrams', file), 'utf8'), sandbox);
    }
    const embedded = /window\.serializedGrammar = ([\s\S]*?);\n<\/script>/.exec(page)?.[1];
    expect(embedded).toBeDefined();
    const builder = sandbox.diagrams_builder as { buildSyntaxDiagramsText(grammar: unknown): string };
    const svg = builder.buildSyntaxDiagramsText(JSON.parse(embedded as string));
    const headers = [...svg.matchAll(/<h2 class="diagramHeader">([^<]*)<\/h2><svg /g)].map((m) => m[1]);
    expect(headers).toEqual(
      grammarParser()
        .getSerializedGastProductions()
        .map((r) => (r as { name?: string }).name),
    );
    expect(svg).toContain('>"on"</text>');
    expect(svg).toContain('>"webhook"</text>');
  });
});
