import { describe, expect, test } from 'vitest';
import { pullFilePath } from '../index.js';

/**
 * `pull`'s file layout. Pulling from a server (and planning the pulled files
 * against it) is tested with the local server, in
 * packages/dev-server/src/__tests__/runtime/pull.test.ts.
 */

describe('pull', () => {
  test('file names: one per scope, unsafe characters as %XX', () => {
    expect(pullFilePath('project', 'acme/vision')).toBe('project/acme/vision.wbrules');
    expect(pullFilePath('collection', 'acme/.hidden/a b:c')).toBe('collection/acme/%2Ehidden/a%20b%3Ac.wbrules');
    expect(pullFilePath('team', 'équipe')).toBe('team/%C3%A9quipe.wbrules');
  });
});
