// The language server's re-analysis after a keystroke: a 5,000-line
// document is opened, then edited one character at a time at spread-out
// places (typing a digit, deleting one, typing a letter into a name), and
// each re-analysis is timed the way the server runs it on `didChange`:
// incremental parse + the compiler's per-document check + the LSP
// diagnostics it publishes. Target: p95 at most 15 ms, over 300 edits
// measured in one run, after 20 edits that warm the JIT up (an editor's
// server has seen a few keystrokes before the ones that count; the first
// edits that break a rule compile the parser's error paths). Run after
// `tsc -b`.
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

/** Times re-analysis after one-character edits of a 5,000-line document; returns and prints the figures. */
export async function benchLanguageServer({ edits = 300, warmup = 20, lines = 5000 } = {}) {
  const { DocumentState, documentDiagnostics } = await import(`${root}packages/language-server/dist/index.js`);
  const { text: corpus } = generateCorpus(lines * 60, { rulesPerScope: 50 });
  let text = corpus.split('\n').slice(0, lines).join('\n');
  const lineCount = text.split('\n').length;
  const analyse = (state, t) => documentDiagnostics(state.update(t));

  // From scratch, for comparison (a fresh state each time).
  const full = [];
  for (let i = 0; i < 7; i++) {
    const state = new DocumentState('file:///bench.wbrules');
    const t = performance.now();
    analyse(state, text);
    full.push(performance.now() - t);
  }

  const state = new DocumentState('file:///bench.wbrules');
  analyse(state, text);
  const times = [];
  const cpu = [];
  const parsed = [];
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < warmup + edits; i++) {
    const at = Math.floor(next() * text.length);
    const kind = i % 3;
    // Insert a digit, delete a character, insert a letter: what typing does.
    text =
      kind === 1
        ? text.slice(0, at) + text.slice(at + 1)
        : text.slice(0, at) + (kind === 0 ? '7' : 'x') + text.slice(at);
    const t = performance.now();
    const c = process.cpuUsage();
    analyse(state, text);
    const used = process.cpuUsage(c);
    if (i < warmup) continue;
    times.push(performance.now() - t);
    // CPU time as well: on a shared machine, wall time includes waiting for a core.
    cpu.push((used.user + used.system) / 1000);
    parsed.push(state.lastParsedChars());
  }
  const result = {
    lines: lineCount,
    chars: text.length,
    fullMs: median(full),
    incrementalMedianMs: median(times),
    incrementalP95Ms: percentile(times, 0.95),
    incrementalMaxMs: Math.max(...times),
    incrementalCpuMedianMs: median(cpu),
    incrementalCpuP95Ms: percentile(cpu, 0.95),
    medianParsedChars: median(parsed),
  };
  console.log(
    `language server p95 after a one-character edit, ${lines.toLocaleString('en-US')} lines: ${result.incrementalP95Ms.toFixed(1)} ms (target ≤ 15 ms)`,
  );
  console.log(
    `  p50 ${result.incrementalMedianMs.toFixed(1)} ms, max ${result.incrementalMaxMs.toFixed(1)} ms over ${edits} edits (after ${warmup} to warm up) of a ${result.lines}-line document (${(result.chars / 1e3).toFixed(0)} kB); CPU time (all of the process's threads) p50 ${result.incrementalCpuMedianMs.toFixed(1)} ms, p95 ${result.incrementalCpuP95Ms.toFixed(1)} ms; re-parsed ${result.medianParsedChars} characters (median); from scratch: ${result.fullMs.toFixed(1)} ms`,
  );
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchLanguageServer();
