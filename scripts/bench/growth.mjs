// `pnpm bench` section `growth`: the time to check and format inputs of
// shapes that once took super-linear time or memory (a did-you-mean table as
// big as the square of an identifier, every `${` re-decoding its string, a
// code frame copying its whole line, a string decoded into a rope) or
// overflowed the stack (filters and lists spread into one call), each at 1x,
// 2x, 4x and 8x its size. Linear work takes about 8 times as long at 8x; the
// figure to watch is that factor, and a shape whose factor passes 10 is
// marked FAIL.
//
// The factor is about the compiler's work, so the process runs with a young
// generation of 128 MB (bench.mjs passes the flags): with the default one,
// the syntax tree of a larger input is copied by more scavenges before it
// is promoted, and that alone adds some 40 % per unit from 1x to 8x.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The largest acceptable growth of the time from 1x to 8x the size. */
const maxGrowth = 10;

const head = 'webhook ci = "github-dispatch"\nin project "acme/vision"\n';

/**
 * Each shape: what it is, its unit and its text at `n` units. At 1x each
 * takes some 50 ms, so the run is past the sizes that fit in a processor's
 * cache (where a linear pass is faster per unit) and 8x stays under a second.
 */
const shapes = [
  {
    name: 'long identifier, near-miss reference',
    unit: 'characters',
    n: 800_000,
    text: (n) =>
      `webhook ${'a'.repeat(n)} = "x"\nin project "acme/vision"\non run state failed -> webhook ${'a'.repeat(n - 1)}b\n`,
  },
  {
    name: 'long strings',
    unit: 'characters',
    n: 200_000,
    text: (n) =>
      `${head}on run metric "${'m'.repeat(n)}" > 1 where run.name matches "${'x'.repeat(n)}" -> webhook ci { "text": "${'t\\n'.repeat(n / 2)}" }\n`,
  },
  {
    name: 'big payload',
    unit: 'members',
    n: 2_000,
    text: (n) => {
      const members = [];
      for (let i = 0; i < n; i++) members.push(`  "k${i}": [${i}, "v${i}", { "x": true, "y": null }]`);
      return `${head}on run state failed -> webhook ci {\n${members.join(',\n')}\n}\n`;
    },
  },
  {
    name: 'long filter chain',
    unit: '`and`s',
    n: 3_000,
    text: (n) => `${head}on run state failed where run.name == "a"${' and run.name != "b"'.repeat(n)} -> nothing\n`,
  },
  {
    name: 'long `in` list',
    unit: 'items',
    n: 16_000,
    text: (n) => {
      const items = [];
      for (let i = 0; i < n; i++) items.push(`"run-${i}"`);
      return `${head}on run state failed where run.name in [${items.join(', ')}] -> nothing\n`;
    },
  },
  {
    // Closed ones (each a warning with its own span), then unclosed ones (a regex retried each).
    name: 'many `${` templates',
    unit: 'templates',
    n: 800,
    text: (n) =>
      `${head}on run state failed -> webhook ci { "text": "${'${event_type}${'.repeat(n)}${'${'.repeat(100 * n)}" }\n`,
  },
  {
    name: 'many comments',
    unit: 'rules with 8 comments each',
    n: 500,
    text: (n) => {
      const lines = [head];
      for (let i = 0; i < n; i++) {
        lines.push(
          `# rule ${i}\n// owner: team ${i}\n\n# see the runbook\non run state failed # why ${i}\n  where run.name == "r${i}" # which\n  -> webhook ci { # payload\n    "n": ${i} # a number\n  } # end\n`,
        );
      }
      return lines.join('\n');
    },
  },
  {
    // Past the 1,000 candidates a suggestion looks at, each misspelling costs the same.
    name: 'many integrations, a tenth misspelled',
    unit: 'integrations',
    n: 1_000,
    text: (n) => {
      const lines = ['in project "acme/vision"'];
      for (let i = 0; i < n; i++) lines.push(`webhook hook${i} = "h${i}"`);
      for (let i = 0; i < n / 10; i++) lines.push(`on run state crashed -> webhook hoook${i}`);
      return `${lines.join('\n')}\n`;
    },
  },
];

/** Prints each shape's time at 1x, 2x, 4x and 8x its size and its growth 8x/1x, FAIL past {@link maxGrowth}. */
export async function benchGrowth() {
  const { compile } = await import(`${root}packages/compiler/dist/index.js`);
  const { format, LineIndex, renderDiagnostic } = await import(`${root}packages/dsl/dist/index.js`);
  // What `wbrules check` and `wbrules fmt` do with one file, in this process.
  const checkAndFormat = (text) => {
    const { diagnostics } = compile([{ file: 'shape.wbrules', text }]);
    const index = new LineIndex(text);
    let rendered = 0;
    for (const d of diagnostics) rendered += renderDiagnostic(d, index, { file: 'shape.wbrules' }).length;
    return rendered + format(text).length;
  };
  // Each run starts from a collected heap, else a small input runs in what
  // the previous run left free and the ratios measure the collector. The
  // sizes take turns, three rounds after a warm-up, and each keeps its
  // fastest run, in CPU time: on a shared machine that is the steadiest
  // estimate of the work itself, and a burst of load hits every size alike.
  const gc = globalThis.gc ?? (() => {});
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const times = (texts) => {
    checkAndFormat(texts[0]);
    checkAndFormat(texts[0]);
    const best = texts.map(() => Number.POSITIVE_INFINITY);
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => {
        gc();
        const t = cpuMs();
        checkAndFormat(text);
        best[i] = Math.min(best[i], cpuMs() - t);
      });
    }
    return best;
  };
  const failed = [];
  const rows = [];
  for (const shape of shapes) {
    const ms = times([1, 2, 4, 8].map((k) => shape.text(shape.n * k)));
    const growth = ms[3] / ms[0];
    const over = growth > maxGrowth;
    if (over) failed.push(shape.name);
    const at = ms.map((t, i) => `${2 ** i}x ${t.toFixed(1)} ms`).join(', ');
    rows.push(
      `${over ? 'FAIL ' : ''}${shape.name} (1x = ${shape.n.toLocaleString('en-US')} ${shape.unit}): ${at}; 8x/1x ${growth.toFixed(1)}${over ? ` (over ${maxGrowth})` : ''}`,
    );
  }
  console.log(
    `growth: CPU time to check + format each shape at 1x, 2x, 4x, 8x its size (linear: 8x/1x about 8; target <= ${maxGrowth}):\n  ${rows.join('\n  ')}`,
  );
  console.log(
    failed.length === 0
      ? `  all ${shapes.length} shapes grow at most ${maxGrowth}x from 1x to 8x`
      : `  FAIL: ${failed.length} of ${shapes.length} shapes grow more than ${maxGrowth}x from 1x to 8x: ${failed.join(', ')}`,
  );
}
