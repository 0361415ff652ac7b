import { GraphQLClient, WandbApi } from '@wbrules/runtime';
import { expect, test } from 'vitest';
import { FaultInjector, FaultSpecError, parseFaults, startDevServer, storeFromSeed } from '../index.js';
import { acmeSeed, testKey } from './harness.js';

test('--faults specifications', () => {
  expect(
    parseFaults('500=0.1, lost=0.05,seed=7,retry-after=3,slow-ms=250,ops=ApplyAutomations+CreateAutomation'),
  ).toEqual({
    rates: { '500': 0.1, lost: 0.05 },
    seed: 7,
    retryAfterSeconds: 3,
    slowMs: 250,
    operations: ['ApplyAutomations', 'CreateAutomation'],
  });
  expect(() => parseFaults('teapot=0.1')).toThrow(
    new FaultSpecError(
      'unknown fault or setting "teapot"; faults are 500, 429, drop, slow, lost, settings seed, retry-after, slow-ms, ops',
    ),
  );
  expect(() => parseFaults('500=2')).toThrow(
    new FaultSpecError('the rate of "500" must be a number from 0 to 1, found "2"'),
  );
  expect(() => parseFaults('500=0.6,drop=0.6')).toThrow(
    new FaultSpecError('the fault rates add up to 1.2, more than 1'),
  );
  const injector = new FaultInjector({ decide: (n) => (n % 2 === 0 ? 'drop' : undefined) });
  expect(['a', 'b', 'c', 'd'].map((op) => injector.next(op))).toEqual([undefined, 'drop', undefined, 'drop']);
  expect(injector.counts.drop).toBe(2);
});

test('hold: a request waits, before it is carried out, until the test releases it', async () => {
  let release: () => void = () => {};
  let held = 0;
  const faults = new FaultInjector({
    hold: (operation) => {
      if (operation !== 'EntityAutomationsWithScopes') return undefined;
      held++;
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  });
  const server = await startDevServer({ store: storeFromSeed(acmeSeed), faults });
  try {
    const api = new WandbApi(
      new GraphQLClient({ connection: { endpoint: server.url, apiKey: testKey }, retry: { maxRetries: 0 } }),
    );
    let answered = false;
    const listing = api.listAutomationsWithScopes('acme').then((list) => {
      answered = true;
      return list;
    });
    while (held === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Other requests go through meanwhile.
    expect(await api.lookupEntity('acme')).not.toBeNull();
    expect(answered).toBe(false);
    release();
    expect(await listing).toEqual([]);
    expect(held).toBe(1);
  } finally {
    await server.close();
  }
});
