// `pnpm bench`: speed figures for the parser, the CLI's cold start and the
// compiler. Targets are printed beside each figure; nothing here is a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, junk } from './bench/corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parse, parseInChunks } = await import(`${root}packages/dsl/dist/index.js`);
// `pnpm bench` runs every section, each in a process of its own (as each
// `wbrules` command is); `node scripts/bench.mjs SECTION` runs one (parse,
// linear, growth, cold, compile, evaluator, language-server, apply). A fresh
// process matters: V8 adapts allocation to what a process did before (a
// whole-file parse teaches it to allocate syntax trees in the old generation,
// which slows the chunked compile that follows), so a section run after
// another would not measure what a user's command does.
const only = process.argv[2];
const sections = ['parse', 'linear', 'growth', 'cold', 'compile', 'evaluator', 'language-server', 'apply'];
// Node flags a section's process runs with (`growth` says why it needs them).
const sectionFlags = { growth: ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'] };
const runSection = (section, capture = false) =>
  spawnSync(process.execPath, [...(sectionFlags[section] ?? []), fileURLToPath(import.meta.url), section], {
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
if (only === undefined) {
  // Every row with a target (the table of issue 18 among them) is repeated at the end, in one place.
  const rows = [];
  for (const section of sections) {
    const r = runSection(section, true);
    process.stdout.write(r.stdout ?? '');
    rows.push(...(r.stdout ?? '').split('\n').filter((line) => /\(target [≤<>=]/.test(line)));
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  console.log(
    `\nsummary: every figure with a target, as measured above\n${rows.map((row) => `  ${row.trim()}`).join('\n')}`,
  );
  process.exit(0);
}
if (!sections.includes(only)) {
  console.error(`unknown section "${only}"; sections: ${sections.join(', ')}`);
  process.exit(2);
}
if ((sectionFlags[only] ?? []).some((flag) => !process.execArgv.includes(flag))) {
  process.exit(runSection(only).status ?? 1);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of `fn` over `runs` runs after `warm` warm-up runs. */
function time(fn, runs = 5, warm = 2) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const f1 = (x) => x.toFixed(1);

/**
 * The same rules as a JSON document of (at least) `length` characters: each
 * parsed rule's AST without spans, i.e. the same information in JSON syntax.
 */
function sameRulesAsJson(ast, length) {
  const records = [];
  let size = 2;
  for (let i = 0; size < length; i++) {
    const s = JSON.stringify(ast.items[i % ast.items.length], noSpans);
    records.push(s);
    size += s.length + 1;
  }
  return `[${records.join(',')}]`;
}

const noSpans = (key, value) => (key === 'span' ? undefined : value);

/**
 * Median wall times of `a` and `b` measured in turns (a, b, a, b, ...) so
 * that both see the same machine load: `runs` of each after `warm` of each.
 */
function timeAlternated(a, b, runs, warm) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < warm + runs; i++) {
    let t = performance.now();
    a();
    const ms = performance.now() - t;
    t = performance.now();
    b();
    if (i >= warm) {
      ta.push(ms);
      tb.push(performance.now() - t);
    }
  }
  return [median(ta), median(tb)];
}

/** Median ms of JSON.parse(text) in a fresh Node process doing nothing else (after `warm` runs). */
function jsonParseAlone(text, runs, warm) {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-bench-json-'));
  try {
    writeFileSync(join(dir, 'same.json'), text);
    const script = `const text = require('node:fs').readFileSync(process.argv[1], 'utf8'); const ts = [];
      for (let i = 0; i < ${warm + runs}; i++) { const t = performance.now(); JSON.parse(text); if (i >= ${warm}) ts.push(performance.now() - t); }
      ts.sort((a, b) => a - b); console.log(ts[Math.floor(ts.length / 2)]);`;
    const r = spawnSync(process.execPath, ['-e', script, join(dir, 'same.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`JSON.parse alone failed: ${r.stderr}`);
    return Number(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchParse() {
  const { text, rules } = generateCorpus(5_200_000);
  const check = parse(text);
  if (check.diagnostics.length > 0) throw new Error(`corpus has diagnostics: ${check.diagnostics[0].message}`);
  const json = sameRulesAsJson(check.ast, text.length);
  const parseMs = time(() => parse(text), 9, 3);
  const jsonMs = time(() => JSON.parse(json), 9, 3);
  const p = mbps(text.length, parseMs);
  const j = mbps(json.length, jsonMs);
  console.log(
    `parse: ${f1(text.length / 1e6)} MB, ${rules} rules: ${f1(p)} MB/s (target >= 15); JSON.parse of the same rules as JSON (${f1(json.length / 1e6)} MB): ${f1(j)} MB/s; ratio ${f1(j / p)}x (target <= 9x)`,
  );
}

function benchLinear() {
  const rows = [];
  for (const mb of [0.25, 0.5, 1, 2]) {
    const text = junk(mb * 1e6);
    const ms = time(() => parse(text), 3, 1);
    const r = parse(text);
    rows.push(`${mb} MB: ${f1(ms)} ms (${f1(ms / mb)} ms/MB, ${r.diagnostics.length} diagnostics)`);
  }
  console.log(`junk tokens, time by size (linear when ms/MB stays flat):\n  ${rows.join('\n  ')}`);
}

/**
 * How long users wait on `wbrules` to start, as a multiple of bare
 * `node -e 0` measured in the same run: the commands run in turns (node,
 * check, --version, node, …) so each sees the same machine load, and the
 * ratio is of medians over 15 turns (after 2 to warm the file cache and to
 * write the compile cache, in a folder of its own, as a user's first run
 * does). `check` without the compile cache is printed too (no target).
 */
function benchColdStart() {
  const bin = `${root}packages/cli/bin/wbrules.cjs`;
  const cache = mkdtempSync(join(tmpdir(), 'wbrules-bench-cache-'));
  const check = [bin, 'check', `${root}examples/quickstart.wbrules`];
  const commands = {
    node: [['-e', '0'], {}],
    check: [check, { WBRULES_COMPILE_CACHE: cache }],
    version: [[bin, '--version'], { WBRULES_COMPILE_CACHE: cache }],
    uncached: [check, { WBRULES_COMPILE_CACHE: '0' }],
  };
  const times = { node: [], check: [], version: [], uncached: [] };
  // 31 alternated runs: with 15, the median moved by ±4% between runs of the section on a shared machine.
  const runs = 31;
  try {
    for (let i = 0; i < runs + 2; i++) {
      for (const [name, [args, env]] of Object.entries(commands)) {
        const t = performance.now();
        const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
        const ms = performance.now() - t;
        if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
        if (i >= 2) times[name].push(ms);
      }
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  const node = median(times.node);
  const row = (what, name, target) => {
    const ms = median(times[name]);
    const goal = target === undefined ? 'no target' : `target ≤ ${target}×`;
    return `${what} ÷ node -e 0: ${(ms / node).toFixed(2)}× (${goal}; ${f1(ms)} ms vs ${f1(node)} ms, medians of ${runs} alternated runs)`;
  };
  console.log(row('wbrules check quickstart.wbrules', 'check', '1.3'));
  console.log(row('wbrules --version', 'version', '1.1'));
  console.log(`  ${row('the same check without the compile cache (WBRULES_COMPILE_CACHE=0)', 'uncached')}`);
}

async function benchCompile() {
  const compiler = await import(`${root}packages/compiler/dist/index.js`);
  if (typeof compiler.compile !== 'function') {
    console.log('compile: not built');
    return;
  }
  const { text, rules, scopes, ids } = generateCorpus(5_200_000);
  const sources = [{ file: 'corpus.wbrules', text }];
  // The yardstick: JSON.parse of a JSON text exactly as long as the source,
  // holding the same rules (each top-level item's AST without spans, whole
  // items up to the source's length, then spaces). Built from the parser's
  // chunks, not a whole-file parse, which would change how V8 allocates in
  // the compiles that follow (see the top of this file).
  const items = [];
  let size = 2;
  parseInChunks(text, { chunkTokens: 512 }, (chunk) => {
    for (const item of chunk.items) {
      const s = JSON.stringify(item, noSpans);
      if (size + s.length + 1 > text.length) return;
      items.push(s);
      size += s.length + 1;
    }
  });
  const sameBytes = `[${items.join(',')}]`.padEnd(text.length, ' ');
  let result;
  const [ms, sameBytesMs] = timeAlternated(
    () => {
      // The last run's result is let go first, as JSON.parse's is: held, it doubled what the garbage
      // collector had to trace during the next compile (a user's compile starts from no earlier result).
      result = undefined;
      result = compiler.compile(sources, { ids });
    },
    () => JSON.parse(sameBytes),
    11,
    2,
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`corpus does not compile: ${errors[0].code} ${errors[0].message}`);
  // JSON.parse run between compiles is slowed by the heap compile leaves (V8 sizes the young generation
  // by what survived): timed also in a process of its own, and the faster of the two is the yardstick.
  const aloneMs = jsonParseAlone(sameBytes, 11, 2);
  const yardstickMs = Math.min(sameBytesMs, aloneMs);
  // The parse inside compile: the same chunks, each dropped once handed over.
  const chunkMs = time(() => parseInChunks(text, { chunkTokens: 512 }, () => {}), 5, 2);
  const payload = JSON.stringify(result.automations.map((a) => a.input));
  const jsonMs = time(() => JSON.parse(payload), 3, 1);
  console.log(
    `compile (parse + check + lower, with an ID map): ${f1(text.length / 1e6)} MB, ${rules} rules over ${scopes} scopes: ${f1(mbps(text.length, ms))} MB/s (target >= 10), ${Math.round(rules / (ms / 1000))} rules/s; its parse ${f1(chunkMs)} ms of ${f1(ms)} ms (resolving, checking and lowering the rest); JSON.parse of the ${f1(payload.length / 1e6)} MB emitted payload JSON: ${f1(mbps(payload.length, jsonMs))} MB/s`,
  );
  console.log(
    `  compile ÷ JSON.parse of the same bytes: ${f1(ms / yardstickMs)}× (target ≤ 8×) (medians of 11 runs: compile ${f1(ms)} ms; JSON.parse of ${f1(sameBytes.length / 1e6)} MB ${f1(sameBytesMs)} ms alternated with it, ${f1(aloneMs)} ms in a process of its own; the faster is the yardstick)`,
  );
  // Where the time goes, phase by phase, on the whole tree at once (as an editor checks a file): medians of 9.
  const parsed = parse(text, { file: 'corpus.wbrules' });
  const tParse = time(() => parse(text, { file: 'corpus.wbrules' }), 9, 2);
  let resolved;
  const tResolve = time(
    () => {
      resolved = compiler.resolveDocument(parsed.ast, 'corpus.wbrules');
    },
    9,
    2,
  );
  const tCheck = time(() => compiler.runChecks(resolved, compiler.allChecks), 9, 2);
  const tLower = time(
    () => {
      for (const rule of resolved.rules) compiler.lowerRule(rule, { scopeID: 'S', integrationID: 'I' });
    },
    9,
    2,
  );
  const total = tParse + tResolve + tCheck + tLower;
  const pct = (x) => `${Math.round((x / total) * 100)}%`;
  console.log(
    `  phase by phase over the whole tree (as an editor checks a file): parse ${f1(tParse)} ms (${pct(tParse)}), resolve ${f1(tResolve)} ms (${pct(tResolve)}), checks ${f1(tCheck)} ms (${pct(tCheck)}), lowering ${f1(tLower)} ms (${pct(tLower)})`,
  );
  // The command a user runs: wbrules compile FILE --ids IDS -o OUT, start to finish, in its own process.
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-bench-'));
  try {
    writeFileSync(join(dir, 'corpus.wbrules'), text);
    writeFileSync(join(dir, 'ids.json'), JSON.stringify(ids));
    // Preloaded into the command's process: reports its peak RSS as it exits.
    writeFileSync(
      join(dir, 'peak.mjs'),
      "process.on('exit', () => process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\\n`));\n",
    );
    const bin = `${root}packages/cli/bin/wbrules.cjs`;
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = spawnSync(
        process.execPath,
        ['--import', join(dir, 'peak.mjs'), bin, 'compile', 'corpus.wbrules', '--ids', 'ids.json', '-o', 'out.json'],
        { cwd: dir, encoding: 'utf8' },
      );
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`wbrules compile failed: ${r.stderr}`);
      runs.push({ ms, rss: Number(/peak-rss (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) });
    }
    const ms = median(runs.map((r) => r.ms));
    const rss = median(runs.map((r) => r.rss));
    console.log(
      `  wbrules compile corpus.wbrules --ids ids.json -o out.json (a fresh process, reading, compiling and writing ${f1(statSync(join(dir, 'out.json')).size / 1e6)} MB): median ${f1(ms)} ms, peak RSS ${f1(rss / 1e6)} MB`,
    );
    // The same command ÷ its I/O floor: a fresh process that reads the source, then JSON.parse of the very
    // bytes compile wrote, JSON.stringify of that array and a write of it; pairs alternated (floor, compile).
    writeFileSync(
      join(dir, 'floor.mjs'),
      [
        "import { readFileSync, writeFileSync } from 'node:fs';",
        "new TextDecoder('utf-8', { fatal: true }).decode(readFileSync('corpus.wbrules'));",
        "const value = JSON.parse(readFileSync('out.json', 'utf8'));",
        "writeFileSync('floor.json', `${JSON.stringify(value, null, 2)}\\n`);",
        '',
      ].join('\n'),
    );
    const floorRuns = [];
    const compileRuns = [];
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      const f = spawnSync(process.execPath, [join(dir, 'floor.mjs')], { cwd: dir, stdio: 'ignore' });
      const floorMs = performance.now() - t;
      if (f.status !== 0) throw new Error('the I/O floor failed');
      t = performance.now();
      const c = spawnSync(
        process.execPath,
        [bin, 'compile', 'corpus.wbrules', '--ids', 'ids.json', '-o', 'out2.json'],
        {
          cwd: dir,
          stdio: 'ignore',
        },
      );
      const compileMs = performance.now() - t;
      if (c.status !== 0) throw new Error('wbrules compile failed');
      // The first pair warms the disk cache.
      if (i > 0) {
        floorRuns.push(floorMs);
        compileRuns.push(compileMs);
      }
    }
    const floorMs = median(floorRuns);
    const compileMs = median(compileRuns);
    console.log(
      `  wbrules compile -o ÷ its I/O floor: ${f1(compileMs / floorMs)}× (target ≤ 1.4×) (medians of 9 alternated pairs: compile -o ${f1(compileMs)} ms; floor ${f1(floorMs)} ms: read the source, JSON.parse, JSON.stringify and write the same ${f1(statSync(join(dir, 'out.json')).size / 1e6)} MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Peak memory in a fresh process: growth of the peak RSS over the process's own baseline.
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./bench/rss.mjs', import.meta.url))], {
    encoding: 'utf8',
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) process.stderr.write(child.stderr);
}

if (only === 'parse') benchParse();
if (only === 'linear') benchLinear();
if (only === 'growth') {
  const { benchGrowth } = await import('./bench/growth.mjs');
  await benchGrowth();
}
if (only === 'cold') benchColdStart();
if (only === 'compile') await benchCompile();
if (only === 'evaluator') {
  const { benchEvaluator } = await import('./bench/evaluator.mjs');
  await benchEvaluator();
}
if (only === 'language-server') {
  const { benchLanguageServer } = await import('./bench/language-server.mjs');
  await benchLanguageServer();
}
if (only === 'apply') {
  const { benchApply } = await import('./bench/apply.mjs');
  await benchApply();
}
