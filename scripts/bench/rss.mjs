// Peak RSS of one compile of the 5 MB corpus, over this process's baseline.
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { compile } = await import(`${root}packages/compiler/dist/index.js`);
const { text, ids } = generateCorpus(5_200_000);
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
const before = process.resourceUsage().maxRSS * 1024;
const result = compile([{ file: 'corpus.wbrules', text }], { ids });
const peak = Math.max(process.resourceUsage().maxRSS * 1024, before);
const growth = peak - baseline;
const mb = (n) => (n / 1e6).toFixed(1);
console.log(
  `peak RSS: baseline ${mb(baseline)} MB (Node + source text), peak ${mb(peak)} MB, growth ${mb(growth)} MB = ${(growth / text.length).toFixed(1)}x the ${mb(text.length)} MB source (target < 15x); ${result.automations.length} automations`,
);
