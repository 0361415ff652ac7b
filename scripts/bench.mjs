// `pnpm bench`: speed figures for the parser, the CLI's cold start and the
// compiler. Targets are printed beside each figure; nothing here is a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, junk } from './bench/corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parse } = await import(`${root}packages/dsl/dist/index.js`);
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
const runSection = (section) =>
  spawnSync(process.execPath, [...(sectionFlags[section] ?? []), fileURLToPath(import.meta.url), section], {
    stdio: 'inherit',
  });
if (only === undefined) {
  for (const section of sections) {
    const r = runSection(section);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
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

function benchParse() {
  const { text, rules } = generateCorpus(5_200_000);
  const check = parse(text);
  if (check.diagnostics.length > 0) throw new Error(`corpus has diagnostics: ${check.diagnostics[0].message}`);
  // The same rules as a JSON document of the same size: each parsed rule's
  // AST without spans, i.e. the same information in JSON syntax.
  const noSpans = (key, value) => (key === 'span' ? undefined : value);
  const records = [];
  let size = 2;
  for (let i = 0; size < text.length; i++) {
    const s = JSON.stringify(check.ast.items[i % check.ast.items.length], noSpans);
    records.push(s);
    size += s.length + 1;
  }
  const json = `[${records.join(',')}]`;
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

function benchColdStart() {
  const bin = `${root}packages/cli/bin/wbrules.js`;
  const file = `${root}examples/quickstart.wbrules`;
  const ts = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, 'parse', file], { encoding: 'utf8' });
    ts.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`wbrules parse failed: ${r.stderr}`);
  }
  const base = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    base.push(performance.now() - t);
  }
  console.log(
    `cold start: wbrules parse quickstart.wbrules median ${f1(median(ts))} ms over 21 runs (target < 150); bare node -e 0: ${f1(median(base))} ms`,
  );
}

async function benchCompile() {
  const compiler = await import(`${root}packages/compiler/dist/index.js`);
  if (typeof compiler.compile !== 'function') {
    console.log('compile: not built');
    return;
  }
  const { text, rules, scopes, ids } = generateCorpus(5_200_000);
  const sources = [{ file: 'corpus.wbrules', text }];
  let result;
  const ms = time(
    () => {
      result = compiler.compile(sources, { ids });
    },
    5,
    2,
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`corpus does not compile: ${errors[0].code} ${errors[0].message}`);
  // The parse inside compile: the same chunks, each dropped once handed over.
  const { parseInChunks } = await import(`${root}packages/dsl/dist/index.js`);
  const chunkMs = time(() => parseInChunks(text, { chunkTokens: 512 }, () => {}), 5, 2);
  const payload = JSON.stringify(result.automations.map((a) => a.input));
  const jsonMs = time(() => JSON.parse(payload), 3, 1);
  console.log(
    `compile (parse + check + lower, with an ID map): ${f1(text.length / 1e6)} MB, ${rules} rules over ${scopes} scopes: ${f1(mbps(text.length, ms))} MB/s (target >= 10), ${Math.round(rules / (ms / 1000))} rules/s; its parse ${f1(chunkMs)} ms of ${f1(ms)} ms (resolving, checking and lowering the rest); JSON.parse of the ${f1(payload.length / 1e6)} MB emitted payload JSON: ${f1(mbps(payload.length, jsonMs))} MB/s`,
  );
  // Where the time goes, phase by phase, on the whole tree at once (as an editor checks a file).
  const parsed = parse(text, { file: 'corpus.wbrules' });
  const tParse = time(() => parse(text, { file: 'corpus.wbrules' }), 3, 1);
  let resolved;
  const tResolve = time(
    () => {
      resolved = compiler.resolveDocument(parsed.ast, 'corpus.wbrules');
    },
    3,
    1,
  );
  const tCheck = time(() => compiler.runChecks(resolved, compiler.allChecks), 3, 1);
  const tLower = time(
    () => {
      for (const rule of resolved.rules) compiler.lowerRule(rule, { scopeID: 'S', integrationID: 'I' });
    },
    3,
    1,
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
    const bin = `${root}packages/cli/bin/wbrules.js`;
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
