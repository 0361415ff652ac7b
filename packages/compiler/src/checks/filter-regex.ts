// Invariant: every `matches` pattern is a valid RE2 regular expression (Go's dialect: no lookarounds, no backreferences).
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { Check } from './check.js';
import { valueRangeSpan } from '../model/string-offsets.js';
import { forEachCondition } from './rule-parts.js';

/** Why a pattern is not RE2, and the part of the pattern at fault (when RE2 names one). */
export interface RegexProblem {
  readonly description: string;
  readonly fragment: string | undefined;
}

/**
 * Checks a pattern with re2js, the JavaScript port of RE2. Our assumption,
 * stated in the language reference: W&B's backend evaluates `$regex` with
 * Go's regexp package, whose syntax is RE2's.
 */
export function re2Problem(pattern: string): RegexProblem | undefined {
  if (plainPattern.test(pattern)) return undefined;
  // Rule sets repeat the same few patterns; compiling each once keeps big files fast.
  const cached = problemCache.get(pattern);
  if (cached !== undefined) return cached === 'ok' ? undefined : cached;
  const problem = findRe2Problem(pattern);
  if (problemCache.size >= 4096) problemCache.clear();
  problemCache.set(pattern, problem ?? 'ok');
  return problem;
}

const problemCache = new Map<string, RegexProblem | 'ok'>();

/**
 * Patterns with nothing RE2 could refuse: literal characters and `.`,
 * optionally anchored (`^prod-`, `-eval$`). Most patterns in rule sets are
 * like this; answering them here spares compiling them with re2js, whose
 * first use builds Unicode tables (about 2 ms of a `wbrules check`).
 */
const plainPattern = /^\^?[A-Za-z0-9_\-/ :@,=#%~!&<>;'".]*\$?$/;

function findRe2Problem(pattern: string): RegexProblem | undefined {
  const lookaround = /\(\?<?[=!]/.exec(pattern);
  if (lookaround !== null)
    return {
      description: `"${lookaround[0]}" starts a lookaround, which RE2 does not support`,
      fragment: lookaround[0],
    };
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) return { description: String(error), fragment: undefined };
    const fragment = error.getPattern();
    return {
      description: error.getDescription(),
      fragment: fragment === null || fragment === '' ? undefined : fragment,
    };
  }
}

/** A malformed pattern would be stored and then never match on the server; catch it before sending. */
export const filterRegexCheck: Check = {
  name: 'filter-regex',
  invariant: 'Every matches pattern is a valid RE2 regular expression.',
  codes: ['WR3018'],
  start({ report }) {
    return {
      rule({ rule }) {
        if (rule.filter === undefined) return;
        forEachCondition(rule.filter, (condition) => {
          if (condition.kind !== 'MatchesExpression') return;
          const pattern = condition.pattern;
          const problem = re2Problem(pattern.value);
          if (problem === undefined) return;
          const at = problem.fragment === undefined ? -1 : pattern.value.indexOf(problem.fragment);
          const span =
            (at < 0 ? undefined : valueRangeSpan(pattern, at, at + (problem.fragment as string).length)) ??
            pattern.span;
          report({
            code: 'WR3018',
            message: `this pattern is not a valid RE2 regular expression: ${problem.description}`,
            span,
            hints: [
              'Patterns use RE2 syntax (as in Go): (?i) and \\d work; lookarounds and backreferences do not.',
              ...(pattern.style === 'json' && pattern.value.includes('\\')
                ? []
                : ['A raw string r"..." keeps backslashes literal: r"^exp-\\d+$".']),
            ],
          });
        });
      },
    };
  },
};
