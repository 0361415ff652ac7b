import { payloadKeysCheck } from '../../checks/payload-keys.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\nwebhook w = "h"\n';

checkTable(payloadKeysCheck, {
  rejects: [
    {
      source: `${p}on artifact linked -> webhook w {"a": 1, "b": 2, [["a"]]: 3}`,
      code: 'WR3022',
      message: 'the key "a" appears twice in this payload object',
    },
    // Keys compare by value: an escape spells the same key.
    { source: `${p}on artifact linked -> webhook w {"ab": 1, [["a\\u0062"]]: 2}`, code: 'WR3022' },
    { source: `${p}on artifact linked -> webhook w {"x": {"k": 1, [["k"]]: 2, [["k"]]: 3}}`, code: 'WR3022' },
    { source: `${p}on artifact linked -> webhook w {"l": [{"k": 1}, {"k": 2, [["k"]]: null}]}`, code: 'WR3022' },
  ],
  accepts: [
    `${p}on artifact linked -> webhook w {"a": 1, "A": 2, "10": 3, "x": {"a": 4}}`,
    `${p}on artifact linked -> webhook w {"l": [{"k": 1}, {"k": 2}]}`,
    `${p}on artifact linked -> webhook w {}`,
  ],
});
