// Invariant: every scope path has its keyword's shape (`project "e/p"`, `registry "org/name"`, `collection "e/p/name"`, `team "t"`, `org "o"`), with non-empty segments and no whitespace.
import type { Scope } from '@wbrules/dsl';
import { type Check, type CheckContext, replaceFix } from './check.js';
import { scopePathProblem } from '../model/scope-model.js';
import { registryProjectPrefix as registryPrefix } from '../model/scope-model.js';

/** Scope paths are checked where they are written (rule scopes and `in` defaults alike), once each. */
export const scopePathCheck: Check = {
  name: 'scope-path',
  invariant: "Every scope path has its keyword's shape, with non-empty segments and no whitespace.",
  codes: ['WR3003'],
  start({ report }) {
    // Scopes stand in top-level `in` defaults and in rules: look just there.
    return {
      scopeDefault: (item) => checkScope(item.scope, report),
      rule({ rule }) {
        if (rule.scope !== undefined) checkScope(rule.scope, report);
      },
    };
  },
};

function checkScope(scope: Scope, report: CheckContext['report']): void {
  const problem = scopePathProblem(scope.scopeKind, scope.path.value);
  if (problem === undefined) {
    if (scope.scopeKind === 'registry') checkRegistryPrefix(scope, report);
    return;
  }
  const hints = [
    `Examples: project "acme/vision", registry "acme-org/model", collection "acme/vision/weights", team "acme", org "acme-org".`,
  ];
  if (scope.scopeKind === 'registry' && scope.path.value.split('/').length === 3) {
    hints.unshift('A collection inside a registry is written collection "org-entity/wandb-registry-NAME/collection".');
  }
  report({ code: 'WR3003', message: problem, span: scope.path.span, hints });
}

/** `registry "org/wandb-registry-model"` would look for `wandb-registry-wandb-registry-model`: the prefix is W&B's, not the name's. */
function checkRegistryPrefix(scope: Scope, report: CheckContext['report']): void {
  const [org, name = ''] = scope.path.value.split('/');
  if (!name.startsWith(registryPrefix) || name.length === registryPrefix.length) return;
  const fixed = `${org}/${name.slice(registryPrefix.length)}`;
  report({
    code: 'WR3003',
    message: `a registry is named without the "${registryPrefix}" prefix of its project, found "${scope.path.value}"`,
    span: scope.path.span,
    hints: [`Write registry "${fixed}".`],
    fixes: [replaceFix(`Write "${fixed}"`, scope.path.span, JSON.stringify(fixed))],
  });
}
