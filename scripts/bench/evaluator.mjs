// `pnpm bench` figure for the evaluator: 100 rules over 100 runs × 10,000
// steps, reported as rule-steps per second (target >= 10 million). Every run
// logs every metric at every step, so each rule sees every step of every run:
// 100 × 100 × 10,000 = 10^8 rule-steps. Thresholds sit inside the data's
// range, so rules do fire, but rarely enough that almost every step is a full
// evaluation rather than a step skipped under the 24-hour limit.
import { fileURLToPath } from 'node:url';
import { prng } from './corpus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const RULES = 100;
const RUNS = 100;
const STEPS = 10_000;
const METRICS = [
  'loss',
  'val/acc',
  'grad.norm',
  'gpu.temp',
  'throughput',
  'reward',
  'lr',
  'val/f1',
  'train/loss',
  'mem',
];
/** Distinct run histories generated; the 100 runs reuse them under their own names (each run is evaluated on its own). */
const DISTINCT = 10;

/** 100 rules: a third thresholds (single, avg, min, max), a third changes, a third z-scores. */
function rulesText(r) {
  const lines = ['in project "acme/vision"'];
  for (let i = 0; i < RULES; i++) {
    const m = METRICS[i % METRICS.length];
    const w = 5 + Math.floor(r() * 45);
    const kind = i % 9;
    // Data is a random walk around 0 with steps of ±0.05: |values| stay mostly under ~10.
    const far = (4 + r() * 6).toFixed(2);
    let event;
    if (kind === 0) event = `"${m}" > ${far}`;
    else if (kind === 1) event = `"${m}" avg over ${w} < -${far}`;
    else if (kind === 2) event = `"${m}" min over ${w} < -${far}`;
    else if (kind === 3) event = `"${m}" max over ${w} > ${far}`;
    else if (kind === 4) event = `"${m}" changes by ${(2 + r() * 3).toFixed(1)} within ${w}`;
    else if (kind === 5) event = `"${m}" max increases by 300% within ${w} vs ${w + 5}`;
    else if (kind === 6) event = `"${m}" decreases by 3`;
    else if (kind === 7) event = `"${m}" abs zscore over ${w + 10} > ${(5 + r()).toFixed(1)}`;
    else event = `"${m}" zscore over ${w} > 6`;
    lines.push(`automation "bench-${i}" on run metric ${event} -> nothing`);
  }
  return lines.join('\n');
}

function histories(r) {
  const out = [];
  for (let h = 0; h < DISTINCT; h++) {
    const metrics = new Map();
    for (const m of METRICS) {
      const column = new Float64Array(STEPS);
      let x = 0;
      for (let i = 0; i < STEPS; i++) {
        x += (r() - 0.5) * 0.1;
        column[i] = x;
      }
      metrics.set(m, column);
    }
    out.push(metrics);
  }
  const steps = Float64Array.from({ length: STEPS }, (_, i) => i);
  const times = Float64Array.from({ length: STEPS }, (_, i) => i * 60);
  return Array.from({ length: RUNS }, (_, i) => ({
    run: { id: `run-${i}`, name: `run-${i}` },
    steps,
    times,
    metrics: out[i % DISTINCT],
    states: [],
  }));
}

/** Prints the evaluator's rule-steps/s; resolves once done. */
export async function benchEvaluator() {
  const { compile } = await import(`${root}packages/compiler/dist/index.js`);
  const { evaluate } = await import(`${root}packages/evaluator/dist/index.js`);
  const r = prng(42);
  const compiled = compile([{ file: 'bench.wbrules', text: rulesText(r) }]);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bench rules do not compile: ${errors[0].code} ${errors[0].message}`);
  const runs = histories(r);
  // One warm-up pass over a tenth of the runs, then the median of 3 timed passes.
  evaluate(compiled.automations, { runs: runs.slice(0, RUNS / 10) });
  const times = [];
  let firings = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t = performance.now();
    firings = evaluate(compiled.automations, { runs }).firings.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const ms = times[1];
  const ruleSteps = RULES * RUNS * STEPS;
  console.log(
    `evaluator: ${RULES} rules over ${RUNS} runs × ${STEPS} steps = ${(ruleSteps / 1e6).toFixed(0)}M rule-steps in ${(ms / 1000).toFixed(2)} s: ${(((ruleSteps / ms) * 1000) / 1e6).toFixed(1)}M rule-steps/s (target >= 10M); ${firings} firings`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchEvaluator();
