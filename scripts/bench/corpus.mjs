// Generated corpora for the benchmarks: realistic rules over many scopes.
// Deterministic (a fixed-seed PRNG), so runs are comparable.

/** A small seeded PRNG (mulberry32): the same numbers on every run. */
export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const metrics = ['loss', 'val/acc', 'train/loss', 'grad.norm', 'gpu.temp', 'throughput', 'reward', 'lr', 'val/f1'];

/** One rule whose name is unique in its scope (`n` is unique per scope). */
function runRule(r, n) {
  const m = metrics[Math.floor(r() * metrics.length)];
  const pick = Math.floor(r() * 9);
  const name = `automation "rule-${n}"\n`;
  switch (pick) {
    case 0:
      return `${name}on run metric "${m}" changes by ${1 + Math.floor(r() * 40)}% within ${1 + Math.floor(r() * 20)} -> webhook ci`;
    case 1:
      return `${name}description "Page when ${m} sags"\non run metric "${m}" avg over ${1 + Math.floor(r() * 10)} < ${(r()).toFixed(3)}\n  where run.name matches "^prod-" and not run.name contains "debug"\n  -> slack alerts title "Metric dropped" message "${m} fell" severity warn`;
    case 2:
      return `${name}on run state failed, crashed -> slack alerts severity error`;
    case 3:
      return `${name}on run metric "${m}" abs zscore over ${10 + Math.floor(r() * 50)} > ${(1 + r() * 4).toFixed(1)} -> nothing`;
    case 4:
      return `${name}on run metric "${m}" max over 5 >= ${Math.floor(r() * 1000)} where run.name in ["exp-a", "exp-b", "exp-c"] -> webhook ci { "text": "\${run_name}: \${metric_name}", "n": ${Math.floor(r() * 100)} }`;
    case 5:
      return `${name}on run metric "${m}" decreases by ${(0.01 + r() * 3).toFixed(2)} within 5 vs 10 -> nothing`;
    case 6:
      return `# ${m} watch\n${name}disabled\non run metric "${m}" zscore over 30 < -${(1 + r() * 3).toFixed(2)} -> slack alerts`;
    case 7:
      return `${name}on run state finished where run.name == "nightly-${n}" or run.name == "weekly-${n}" -> webhook ci`;
    default:
      return `${name}on run metric "${m}" > ${(r() * 10).toFixed(2)} -> webhook ci`;
  }
}

function artifactRule(r, n) {
  const pick = Math.floor(r() * 4);
  const name = `automation "art-${n}"\n`;
  switch (pick) {
    case 0:
      return `${name}on alias "staging" added -> webhook ci { "event_type": "\${event_type}", "version": "\${artifact_version_string}" }`;
    case 1:
      return `${name}on artifact linked where alias matches "prod-.*" -> slack alerts`;
    case 2:
      return `${name}on tag "candidate" added -> nothing`;
    default:
      return `${name}on artifact created -> webhook ci`;
  }
}

/**
 * A `.wbrules` text of at least `bytes` characters with rules grouped under
 * `in` defaults, `rulesPerScope` to a scope (projects and, one in ten,
 * collections), as people write them; plus the ID map that resolves every
 * name in it.
 */
export function generateCorpus(bytes, { rulesPerScope = 100, seed = 1 } = {}) {
  const r = prng(seed);
  const ids = { projects: {}, collections: {}, webhooks: {}, slack: {} };
  const parts = ['webhook ci = "github-dispatch"\nslack alerts = "#ml-alerts"\n'];
  let size = parts[0].length;
  let rules = 0;
  let scopes = 0;
  while (size < bytes) {
    const s = Math.floor(rules / rulesPerScope);
    const entity = `team${s % 37}`;
    const collection = s % 10 === 9;
    const path = collection ? `${entity}/proj${s}/weights` : `${entity}/proj${s}`;
    if (collection) ids.collections[path] = `Q29sbGVjdGlvbjo${s}`;
    else ids.projects[path] = `UHJvamVjdDo${s}`;
    ids.webhooks[`${entity}/github-dispatch`] = `V2ViaG9vazo${s % 37}`;
    ids.slack[`${entity}/#ml-alerts`] = `U2xhY2s6${s % 37}`;
    const n = rules % rulesPerScope;
    const body = collection ? artifactRule(r, n) : runRule(r, n);
    const header = n === 0 ? `\nin ${collection ? 'collection' : 'project'} "${path}"\n` : '';
    if (n === 0) scopes++;
    const chunk = `${header}\n${body}\n`;
    parts.push(chunk);
    size += chunk.length;
    rules++;
  }
  return { text: parts.join(''), rules, scopes, ids };
}

/** `n` bytes of junk tokens: words, numbers, strings and punctuation in no grammatical order. */
export function junk(bytes, seed = 7) {
  const r = prng(seed);
  const pieces = [
    'on',
    'run',
    'metric',
    '"x"',
    '>',
    '0.5',
    '->',
    'where',
    '(',
    ')',
    'and',
    '[',
    ']',
    '{',
    '}',
    ',',
    'webhook',
    'ci',
    'in',
    'project',
    '%',
    'foo',
    '-3',
  ];
  const out = [];
  let size = 0;
  while (size < bytes) {
    const p = pieces[Math.floor(r() * pieces.length)];
    out.push(p);
    size += p.length + 1;
  }
  return out.join(' ');
}
