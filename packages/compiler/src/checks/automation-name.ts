// Invariant: every written automation name has 1 to 255 Unicode code points.
import type { Check } from './check.js';
import { maxNameLength } from '../resolve/derive-name.js';

/** W&B limits names to 255 code points (spec §7.1); an empty name would be a nameless automation in the App. */
export const automationNameCheck: Check = {
  name: 'automation-name',
  invariant: 'Every written automation name has 1 to 255 Unicode code points.',
  codes: ['WR3023', 'WR3024'],
  start({ report }) {
    return {
      rule({ rule }) {
        const name = rule.name;
        if (name === undefined) return;
        // UTF-16 length bounds the code-point count from above: count only when it could matter.
        const value = name.value;
        const length = value.length > 0 && value.length <= maxNameLength ? 1 : [...value].length;
        if (length === 0) {
          report({
            code: 'WR3024',
            message: 'an automation name cannot be empty',
            span: name.span,
            hints: ['Write a name, or drop automation "" to let the compiler derive one.'],
          });
        } else if (length > maxNameLength) {
          report({
            code: 'WR3023',
            message: `this automation name has ${length} code points; W&B allows at most ${maxNameLength}`,
            span: name.span,
          });
        }
      },
    };
  },
};
