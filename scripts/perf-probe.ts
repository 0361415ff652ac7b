import { parse, tokenize } from '@wbrules/dsl';
const rules = [
  'on run metric "loss" changes by 10% within 5 -> webhook ci',
  'automation "accuracy-floor-N" description "Page when validation accuracy sags"\non run metric "val/acc" avg over 5 < 0.8\n  where run.name matches "^prod-" and not run.name contains "debug"\n  -> slack alerts title "Accuracy dropped" message "val/acc fell under 0.8" severity warn',
  'on run state failed, crashed -> slack alerts severity error',
  'automation "promote-N"\non alias "staging" added in collection "acme/vision/resnet-weights"\n  -> webhook ci { "event_type": "${event_type}", "version": "${artifact_version_string}", "n": [1, 2.5, true] }',
  '# a comment line\non run metric "grad.norm" abs zscore over 30 > 3 -> nothing',
];
let parts: string[] = ['webhook ci = "github-dispatch"\nslack alerts = "#ml-alerts"\n'];
let size = 0; let i = 0;
while (size < 5_000_000) { if (i % 50 === 0) parts.push(`in project "acme/p${i}"\n`); const r = rules[i % rules.length]!.replace(/-N"/g, `-${i}"`) + '\n\n'; parts.push(r); size += r.length; i++; }
const text = parts.join('');
const json = JSON.stringify(Array.from({length: 20000}, (_, k) => ({ name: `r${k}`, event: { metric: 'val/acc', agg: 'avg', window: 5, cmp: '<', th: 0.8 }, where: ['run.name', 'matches', '^prod-'], action: { slack: 'alerts', title: 'Accuracy dropped', message: 'val/acc fell under 0.8' } }))).slice(0, text.length);
for (let w = 0; w < 3; w++) parse(text);
let t = performance.now(); let n=5; for (let k=0;k<n;k++) tokenize(text); const lexMs=(performance.now()-t)/n;
t = performance.now(); for (let k=0;k<n;k++) { const r = parse(text); if (r.diagnostics.length) { console.log(r.diagnostics.slice(0,3)); } } const parseMs=(performance.now()-t)/n;
const full = JSON.stringify(JSON.parse(JSON.stringify(Array.from({length: 40000}, (_, k) => ({ name: `r${k}`, a: [1,2.5,'x'], b: { c: 'val/acc fell under 0.8', d: true } })))));
t = performance.now(); for (let k=0;k<n;k++) JSON.parse(full); const jsonMs=(performance.now()-t)/n;
const mb = text.length/1e6;
console.log(`size ${mb.toFixed(1)}MB rules ${i}; lex ${(mb/lexMs*1000).toFixed(1)} MB/s; parse ${(mb/parseMs*1000).toFixed(1)} MB/s; JSON.parse ${(full.length/1e6/jsonMs*1000).toFixed(1)} MB/s`);
