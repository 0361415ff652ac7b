import { expect, test } from 'vitest';
import { FaultInjector, FaultSpecError, parseFaults } from '../index.js';

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
