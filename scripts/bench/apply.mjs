// `pnpm bench` figure for `wbrules apply`: 1,000 new automations over 20
// scopes (20 projects of 4 teams) applied to a local server at the default
// --batch-size, then a no-op `plan` of the same files. Each is the real
// bundled command (a child process, so its start-up counts) against
// `startDevServer` in this process, which logs every HTTP request it gets
// with its operation name: the request counts printed are the server's,
// not the client's. Printed beside each: what one request per automation
// (the SDK's way: one CreateAutomation each, or one lookup of each
// automation by name) would take with the same lookups and listings.
// Targets: apply in at most 30 requests and under 5 s; a no-op plan in at
// most 8 requests.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'packages/cli/bin/wbrules.cjs');

const TEAMS = 4;
const PROJECTS_PER_TEAM = 5;
const RULES_PER_PROJECT = 50;

function seed() {
  const teams = Array.from({ length: TEAMS }, (_, t) => `team-${t}`);
  return {
    apiKeys: ['bench-key'],
    entities: teams.map((name) => ({ name, type: 'team' })),
    projects: teams.flatMap((entity) =>
      Array.from({ length: PROJECTS_PER_TEAM }, (_, p) => ({ entity, name: `project-${p}` })),
    ),
    integrations: teams.flatMap((entity) => [
      { entity, kind: 'webhook', name: 'ci', url: 'https://hooks.example.com/ci' },
      { entity, kind: 'slack', channel: '#alerts', team: 'bench' },
    ]),
  };
}

/** One file per project: 50 rules each, thresholds, changes, z-scores and run states, to nothing, a webhook or Slack. */
function writeRules(dir) {
  for (let t = 0; t < TEAMS; t++) {
    for (let p = 0; p < PROJECTS_PER_TEAM; p++) {
      const lines = ['webhook ci = "ci"', 'slack alerts = "#alerts"', `in project "team-${t}/project-${p}"`];
      for (let i = 0; i < RULES_PER_PROJECT; i++) {
        const action = ['nothing', 'webhook ci { "rule": "${event_type}" }', 'slack alerts severity warn'][i % 3];
        const event = [
          `run metric "loss-${i}" > ${i / 10}`,
          `run metric "acc-${i}" avg over 5 < 0.${i % 10 || 5} where run.name matches "^prod-"`,
          `run metric "m-${i}" changes by ${i + 1}% within 5`,
          `run metric "z-${i}" zscore over 20 > 3`,
          'run state failed, crashed',
        ][i % 5];
        lines.push(`automation "rule-${i}" on ${event} -> ${action}`);
      }
      mkdirSync(join(dir, 'rules', `team-${t}`), { recursive: true });
      writeFileSync(join(dir, 'rules', `team-${t}`, `project-${p}.wbrules`), `${lines.join('\n')}\n`);
    }
  }
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Prints the apply and no-op plan figures; resolves once done. */
export async function benchApply() {
  const devServer = await import(`${root}packages/dev-server/dist/index.js`);
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-bench-apply-'));
  try {
    writeRules(dir);
    const counts = new Map();
    const store = devServer.storeFromSeed(seed());
    const server = await devServer.startDevServer({
      store,
      log: (line) => {
        const op = line.split(' ')[2];
        counts.set(op, (counts.get(op) ?? 0) + 1);
      },
    });
    const env = { ...process.env, WANDB_API_KEY: 'bench-key', WANDB_BASE_URL: server.baseUrl, NO_COLOR: '1' };
    const rules = TEAMS * PROJECTS_PER_TEAM * RULES_PER_PROJECT;
    const scopes = TEAMS * PROJECTS_PER_TEAM;
    const take = () => {
      const snapshot = Object.fromEntries(counts);
      counts.clear();
      return snapshot;
    };
    const total = (c) => Object.values(c).reduce((a, b) => a + b, 0);
    // The server's log names each request's operation; these say which phase it belongs to.
    const phases = {
      'capabilities query': /^ServerFeatures$/,
      lookups: /ScopeLookups?$|^IntegrationsByEntit(y|ies)$|^EntityProjectNames$|^ArtifactCollectionNames$/,
      'listing pages': /AutomationsWithScopes(Legacy)?$/,
      batches: /^(ApplyAutomations|CreateAutomation|UpdateAutomation|DeleteAutomation)$/,
    };
    const breakdown = (c) => {
      const by = Object.fromEntries(Object.keys(phases).map((k) => [k, 0]));
      let other = 0;
      for (const [op, n] of Object.entries(c)) {
        const phase = Object.keys(phases).find((k) => phases[k].test(op));
        if (phase === undefined) other += n;
        else by[phase] += n;
      }
      return { ...by, other };
    };
    const parts = (b) =>
      [
        `${b.lookups} lookups`,
        `${b['listing pages']} listing pages`,
        `${b.batches} batches`,
        `${b['capabilities query']} capabilities query`,
        ...(b.other > 0 ? [`${b.other} other`] : []),
      ].join(' + ');

    const apply = await runCli(['apply', join(dir, 'rules'), '--yes'], env);
    if (apply.status !== 0) throw new Error(`wbrules apply failed (${apply.status}): ${apply.stderr}`);
    const a = take();
    const ab = breakdown(a);
    const batchSize = /of up to (\d+) changes/.exec(apply.stdout)?.[1] ?? '?';
    // What the server holds now (straight from its store, no request).
    const stored = store.data.triggers.length;
    if (stored !== rules) throw new Error(`the server holds ${stored} automations, not ${rules}`);
    console.log(
      `requests for apply of ${rules.toLocaleString('en')} automations over ${scopes} scopes: ${total(a)} (${parts(ab)}) (target ≤ 30)`,
    );
    console.log(
      `  apply: --batch-size ${batchSize} (the default), ${(apply.ms / 1000).toFixed(2)} s (target < 5 s); one request per automation: ${(ab.lookups + ab['listing pages'] + rules).toLocaleString('en')} (${ab.lookups} + ${ab['listing pages']} + ${rules.toLocaleString('en')} CreateAutomation); the server then holds ${stored}`,
    );

    const plan = await runCli(['plan', join(dir, 'rules'), '--detailed-exitcode'], env);
    if (plan.status !== 0)
      throw new Error(`wbrules plan is not a no-op (${plan.status}): ${plan.stdout.slice(-300)} ${plan.stderr}`);
    const p = take();
    const pb = breakdown(p);
    console.log(`requests for a no-op plan of the same: ${total(p)} (${parts(pb)}) (target ≤ 8)`);
    console.log(
      `  no-op plan: ${(plan.ms / 1000).toFixed(2)} s; one request per automation: ${(pb.lookups + rules).toLocaleString('en')} (${pb.lookups} + one lookup by name for each of ${rules.toLocaleString('en')})`,
    );
    await server.close();

    // The same apply one request per automation (the SDK's way), measured on a fresh server.
    const single = await devServer.startDevServer({ store: devServer.storeFromSeed(seed()) });
    const one = await runCli(['apply', join(dir, 'rules'), '--yes', '--batch-size', '1'], {
      ...env,
      WANDB_BASE_URL: single.baseUrl,
    });
    if (one.status !== 0) throw new Error(`wbrules apply --batch-size 1 failed (${one.status}): ${one.stderr}`);
    console.log(
      `  the same apply with --batch-size 1 (one CreateAutomation per automation, as the SDK sends): ${(one.ms / 1000).toFixed(2)} s`,
    );
    await single.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchApply();
