import type { DiagnosticCode, IntegrationKind } from '@wbrules/dsl';
import { isAscii } from './ascii.js';

/**
 * The target string of an integration declaration: `"NAME"` or
 * `"ENTITY/NAME"` for webhooks, `"#channel"` or `"ENTITY/#channel"` for
 * Slack. Webhook names cannot contain `/` and Slack channels start with `#`,
 * so the entity prefix is never ambiguous.
 */

/** A decoded target: the integration name (webhook name or `#channel`) and the entity named explicitly, if any. */
export interface IntegrationTarget {
  readonly name: string;
  readonly entity: string | undefined;
}

/** Why a target string cannot name an integration. */
export interface IntegrationTargetProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hints?: readonly string[];
  /** The corrected target, when the fix is obvious (a missing `#`). */
  readonly replacement?: string;
}

/** The outcome of {@link parseIntegrationTarget}. */
export type IntegrationTargetResult =
  | { readonly ok: true; readonly target: IntegrationTarget }
  | { readonly ok: false; readonly problem: IntegrationTargetProblem };

/**
 * W&B's rule for webhook integration names (the SDK's
 * `CreateGenericWebhookIntegrationInput`, spec §7.4): at most 64 characters,
 * words of Unicode letters, digits, marks, `_` and `-`, separated by spaces.
 */
const webhookNamePattern = /^[-\p{L}\p{N}\p{M}\p{Pc}]+(?: +[-\p{L}\p{N}\p{M}\p{Pc}]+)*$/u;
/** The same for an ASCII name (nearly every one): the Unicode classes cost ~0.8 ms to compile, at every start. */
const asciiWebhookNamePattern = /^[-A-Za-z0-9_]+(?: +[-A-Za-z0-9_]+)*$/;

/** Whether `name` follows {@link webhookNamePattern}. */
export function isWebhookName(name: string): boolean {
  return isAscii(name) ? asciiWebhookNamePattern.test(name) : webhookNamePattern.test(name);
}

/** Splits and validates a declaration's target string. */
export function parseIntegrationTarget(kind: IntegrationKind, value: string): IntegrationTargetResult {
  return kind === 'webhook' ? parseWebhookTarget(value) : parseSlackTarget(value);
}

function entityProblem(entity: string, value: string): IntegrationTargetProblem | undefined {
  if (entity === '') {
    return {
      code: 'WR2004',
      message: `the entity before "/" is empty in "${value}"`,
      hints: ['Write "ENTITY/NAME", or drop the "/" to use the entity that owns the rule\'s scope.'],
    };
  }
  if (/[\s\p{Cc}/]/u.test(entity)) {
    return { code: 'WR2004', message: `the entity "${entity}" contains whitespace, "/" or a control character` };
  }
  return undefined;
}

function parseWebhookTarget(value: string): IntegrationTargetResult {
  const slash = value.indexOf('/');
  const entity = slash < 0 ? undefined : value.slice(0, slash);
  const name = slash < 0 ? value : value.slice(slash + 1);
  if (entity !== undefined) {
    const problem = entityProblem(entity, value);
    if (problem !== undefined) return { ok: false, problem };
  }
  if (name === '') {
    return {
      ok: false,
      problem: {
        code: 'WR2004',
        message: 'the webhook integration name is empty',
        hints: ['Write the name the webhook has in the W&B team settings.'],
      },
    };
  }
  if ([...name].length > 64 || !isWebhookName(name)) {
    return {
      ok: false,
      problem: {
        code: 'WR2005',
        message: `"${name}" cannot be a webhook integration name`,
        hints: [
          'W&B webhook names have at most 64 characters: letters, digits, "_" and "-", words separated by single spaces.',
          ...(name.includes('/')
            ? ['Only one "/" may appear: it separates the entity from the name ("ENTITY/NAME").']
            : []),
        ],
      },
    };
  }
  return { ok: true, target: { name, entity } };
}

function parseSlackTarget(value: string): IntegrationTargetResult {
  let entity: string | undefined;
  let channel = value;
  if (!value.startsWith('#')) {
    const at = value.indexOf('/#');
    if (at < 0) {
      const slash = value.indexOf('/');
      const replacement = slash < 0 ? `#${value}` : `${value.slice(0, slash + 1)}#${value.slice(slash + 1)}`;
      return {
        ok: false,
        problem: {
          code: 'WR2004',
          message: `a Slack channel starts with "#", found "${value}"`,
          hints: [`Write "${replacement}".`],
          replacement,
        },
      };
    }
    entity = value.slice(0, at);
    channel = value.slice(at + 1);
    const problem = entityProblem(entity, value);
    if (problem !== undefined) return { ok: false, problem };
  }
  if (channel === '#') {
    return { ok: false, problem: { code: 'WR2004', message: 'the Slack channel name after "#" is empty' } };
  }
  return { ok: true, target: { name: channel, entity } };
}
