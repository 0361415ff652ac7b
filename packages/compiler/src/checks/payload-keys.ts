// Invariant: no object in a webhook payload has the same key twice.
import type { Check } from './check.js';
import { forEachJsonNode } from './rule-parts.js';

/** A repeated key is ambiguous: JSON readers disagree on which value wins, and the SDK would keep only one. */
export const payloadKeysCheck: Check = {
  name: 'payload-keys',
  invariant: 'No object in a webhook payload has the same key twice.',
  codes: ['WR3022'],
  applies: { actions: ['WebhookAction'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const action = rule.action;
        if (action.kind !== 'WebhookAction' || action.payload === undefined) return;
        forEachJsonNode(action.payload, (object) => {
          if (object.kind !== 'JsonObject' || object.members.length < 2) return;
          const seen = new Map<string, { start: number; end: number }>();
          for (const member of object.members) {
            const first = seen.get(member.key.value);
            if (first === undefined) {
              seen.set(member.key.value, member.key.span);
              continue;
            }
            report({
              code: 'WR3022',
              message: `the key ${JSON.stringify(member.key.value)} appears twice in this payload object`,
              span: member.key.span,
              related: [{ message: 'first given here', span: first }],
            });
          }
        });
      },
    };
  },
};
