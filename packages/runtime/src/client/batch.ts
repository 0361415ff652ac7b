import { AuthError, WandbClientError } from './client-errors.js';
import * as documents from './documents.js';
import type { GraphQLErrorEntry, GraphQLClient, PartialResponse } from './graphql-client.js';

/**
 * Several automation mutations in one GraphQL request. The SDK sends one
 * request per create, update or delete; a batch sends one document with a
 * field per mutation under its own alias —
 *
 *     mutation ApplyAutomations($input0: CreateFilterTriggerInput!, $id1: ID!) {
 *       op0: createFilterTrigger(input: $input0) { trigger { id name } }
 *       op1: deleteTrigger(input: {triggerID: $id1}) { success }
 *     }
 *
 * — which GraphQL executes in order, each field succeeding or failing on
 * its own. A batch of one is the SDK's own document (`CreateAutomation`,
 * `UpdateAutomation`, `DeleteAutomation`), for servers that might refuse
 * several mutations in one request.
 *
 * Every mutation gets its own outcome. Failures that may hide a success are
 * kept apart from plain refusals, because the caller must look before it
 * tries again: a create refused as a duplicate name (`conflict`: perhaps an
 * earlier attempt of this very request was carried out before its answer
 * was lost), an update or delete of an ID the server no longer has
 * (`missing`), and a mutation that got no answer at all (`unknown`).
 */

/** One mutation. */
export type MutationOp =
  | { readonly kind: 'create'; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: 'update'; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: 'delete'; readonly id: string };

/** What became of one mutation. */
export type MutationOutcome =
  | { readonly kind: 'done'; readonly id?: string }
  | {
      readonly kind: 'conflict';
      readonly message: string;
      /** The name was taken at the first attempt: someone else made it, not a lost answer of ours. */
      readonly takenBefore: boolean;
    }
  | { readonly kind: 'missing'; readonly message: string }
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

/** The document and variables of a batch (the SDK's own document for a batch of one). */
export function batchRequest(ops: readonly MutationOp[]): {
  readonly operation: documents.GraphQLOperation;
  readonly variables: Record<string, unknown>;
  readonly aliases: readonly string[];
} {
  if (ops.length === 1) {
    const op = ops[0] as MutationOp;
    if (op.kind === 'delete')
      return { operation: documents.deleteAutomation, variables: { id: op.id }, aliases: ['result'] };
    return {
      operation: op.kind === 'create' ? documents.createAutomation : documents.updateAutomation,
      variables: { input: op.input },
      aliases: ['result'],
    };
  }
  const definitions: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const aliases: string[] = [];
  ops.forEach((op, i) => {
    const alias = `op${i}`;
    aliases.push(alias);
    if (op.kind === 'delete') {
      definitions.push(`$id${i}: ID!`);
      fields.push(`  ${alias}: deleteTrigger(input: {triggerID: $id${i}}) { success }`);
      variables[`id${i}`] = op.id;
    } else {
      const create = op.kind === 'create';
      definitions.push(`$input${i}: ${create ? 'Create' : 'Update'}FilterTriggerInput!`);
      fields.push(
        `  ${alias}: ${create ? 'createFilterTrigger' : 'updateFilterTrigger'}(input: $input${i}) { trigger { id name } }`,
      );
      variables[`input${i}`] = op.input;
    }
  });
  const document = `mutation ApplyAutomations(${definitions.join(', ')}) {\n${fields.join('\n')}\n}`;
  return { operation: { name: 'ApplyAutomations', document }, variables, aliases };
}

/**
 * Sends one batch and reads each mutation's outcome. Throws only for a key
 * the server refuses; anything else that stops the request (the network,
 * a server that keeps failing after the client's retries) makes every
 * mutation's outcome `unknown`. A request the server refuses as a whole
 * before running it (an invalid document or variables) is split into
 * batches of one, so one bad mutation cannot sink the others.
 */
export async function sendBatch(client: GraphQLClient, ops: readonly MutationOp[]): Promise<MutationOutcome[]> {
  if (ops.length === 0) return [];
  const { operation, variables, aliases } = batchRequest(ops);
  let response: PartialResponse<Record<string, unknown>>;
  try {
    response = await client.requestPartial<Record<string, unknown>>(operation, variables);
  } catch (error) {
    if (error instanceof AuthError || !(error instanceof WandbClientError)) throw error;
    return ops.map(() => ({ kind: 'unknown', message: error.message }));
  }
  const { data, errors } = response;
  if (data === null || typeof data !== 'object') {
    if (ops.length > 1) {
      const outcomes: MutationOutcome[] = [];
      for (const op of ops) outcomes.push(...(await sendBatch(client, [op])));
      return outcomes;
    }
    const message =
      errors.length > 0
        ? errors.map((e) => e.message).join('; ')
        : `the server answered HTTP ${response.status} without data`;
    return [classify(ops[0] as MutationOp, statusOf(errors[0], response, errors.length), message, response)];
  }
  return ops.map((op, i) => {
    const alias = aliases[i] as string;
    const own = errors.filter((e) => e.path?.[0] === alias);
    const first = own[0];
    if (first !== undefined) {
      const withPath = errors.filter((e) => e.path !== undefined).length;
      return classify(op, statusOf(first, response, withPath), own.map((e) => e.message).join('; '), response);
    }
    const value = data[alias] as { trigger?: { id?: unknown } | null; success?: unknown } | null | undefined;
    if (value === null || value === undefined)
      return { kind: 'unknown', message: 'the server answered nothing for this mutation' };
    if (op.kind === 'delete') {
      return value.success === true
        ? { kind: 'done' }
        : { kind: 'rejected', message: `the server did not delete automation "${op.id}"` };
    }
    const id = value.trigger?.id;
    return typeof id === 'string'
      ? { kind: 'done', id }
      : { kind: 'unknown', message: 'the server answered no automation' };
  });
}

/**
 * The HTTP status one error stands for: the local server says so in the
 * error's `extensions`; otherwise the response's status is the error's when
 * it is the only one; otherwise W&B's words decide.
 */
function statusOf(
  error: GraphQLErrorEntry | undefined,
  response: PartialResponse<unknown>,
  errorCount: number,
): number | undefined {
  const status = error?.extensions?.status;
  if (typeof status === 'number') return status;
  if (errorCount === 1 && response.status >= 400) return response.status;
  const message = error?.message ?? '';
  if (/already exists|exists\. unable|name.*taken/i.test(message)) return 409;
  if (/not found/i.test(message)) return 404;
  return undefined;
}

function classify(
  op: MutationOp,
  status: number | undefined,
  message: string,
  response: PartialResponse<unknown>,
): MutationOutcome {
  if (status === 409 && op.kind === 'create')
    return { kind: 'conflict', message, takenBefore: (response.attempts ?? 2) === 1 };
  if (status === 404 && op.kind !== 'create') return { kind: 'missing', message };
  if (status !== undefined && (status === 429 || status >= 500)) return { kind: 'unknown', message };
  return { kind: 'rejected', message };
}
