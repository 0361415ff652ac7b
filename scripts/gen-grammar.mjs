// Regenerates grammar/wbrules.ebnf, grammar/diagrams.html and the parser's
// lookahead table (packages/dsl/src/grammar-lookahead.ts) from the built
// parser, and refreshes grammar/diagrams/ from the installed Chevrotain.
// The dsl source is TypeScript, so this reads the built packages/dsl/dist;
// `pnpm grammar` builds (tsc -b) before running it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The files grammar/diagrams.html loads, relative to chevrotain/diagrams/. */
const diagramResources = [
  'diagrams.css',
  'vendor/railroad-diagrams.js',
  'src/diagrams_builder.js',
  'src/diagrams_behavior.js',
  'src/main.js',
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'packages/dsl/dist/index.js');
if (!existsSync(dist)) {
  process.stderr.write(
    'gen-grammar: packages/dsl/dist/index.js is missing; run `pnpm grammar`, which builds it first\n',
  );
  process.exitCode = 2;
} else {
  const dsl = await import(pathToFileURL(dist).href);
  if (
    typeof dsl.grammarEbnf !== 'function' ||
    typeof dsl.grammarDiagramsHtml !== 'function' ||
    typeof dsl.grammarLookaheadSource !== 'function'
  ) {
    process.stderr.write('gen-grammar: packages/dsl/dist is out of date; run `pnpm grammar`, which builds it first\n');
    process.exitCode = 2;
  } else {
    const grammarDir = join(root, 'grammar');
    writeFileSync(join(grammarDir, 'wbrules.ebnf'), dsl.grammarEbnf());
    writeFileSync(join(grammarDir, 'diagrams.html'), dsl.grammarDiagramsHtml());
    const lookahead = join(root, 'packages/dsl/src/grammar-lookahead.ts');
    writeFileSync(lookahead, dsl.grammarLookaheadSource());
    // In the repository's style, so `biome check` passes (a test compares the table's data, not its text).
    execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', lookahead], { stdio: 'ignore' });
    // The page's resources, copied from the Chevrotain the parser is built with (layout kept:
    // createSyntaxDiagramsCode points at vendor/ and src/ under the resource base).
    const chevrotain = join(realpathSync(join(root, 'packages/dsl/node_modules/chevrotain')), 'diagrams');
    for (const file of diagramResources) {
      mkdirSync(dirname(join(grammarDir, 'diagrams', file)), { recursive: true });
      copyFileSync(join(chevrotain, file), join(grammarDir, 'diagrams', file));
    }
    copyFileSync(join(chevrotain, '..', 'LICENSE.txt'), join(grammarDir, 'diagrams', 'LICENSE.txt'));
    process.stdout.write(
      'gen-grammar: wrote grammar/wbrules.ebnf, grammar/diagrams.html, grammar/diagrams/ and packages/dsl/src/grammar-lookahead.ts\n',
    );
  }
}
