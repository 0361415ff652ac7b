import { type MutationOp, type MutationOutcome, sendBatch } from '../client/batch.js';
import { WandbClientError } from '../client/client-errors.js';
import { listEntities } from './make-plan.js';
import { mapLimit } from '../client/map-limit.js';
import {
  identityKey,
  type Plan,
  type PlanChange,
  type PlanEntry,
  type PlanScope,
  type SourcePlace,
  sameAutomation,
  savedIdentity,
  scopeText,
  stalePlanReasons,
  updateInput,
} from './plan.js';
import type { SavedTrigger, WandbApi } from '../client/wandb-api.js';

/**
 * Carries out a plan: its creates, updates and deletes in batches (see
 * `batch.ts`), a bounded number of batches in flight, and then makes sure
 * of every change whose outcome is in doubt before calling it done or
 * failed.
 *
 * Doubt comes from the network: an answer lost after the server committed
 * the mutation (the client then retries, and the server says the name is
 * taken), a server that kept failing, an automation deleted meanwhile. The
 * server's own listing is the truth, so doubtful changes are settled by
 * listing their entities again and comparing, by identity (scope and name)
 * and meaning: an automation that already is what the rule says is done,
 * one that differs is updated, one that is missing is created — never
 * created twice, never lost. What the server plainly refused (an invalid
 * payload, an unknown integration) fails with its message and is not
 * retried; everything else in the plan still goes ahead.
 *
 * Another writer is told apart from a lost answer where it can be: a create
 * refused as a duplicate name at its first attempt was never ours, so an
 * automation that already is what the rule says is "already there" (not
 * "created"), and one that differs is left alone and reported as `changed`
 * (never overwritten). With `recheck`, the entities are listed again just
 * before writing, and nothing is written in a scope where an automation the
 * plan touches is gone or has another `updatedAt`, or a name it creates now
 * exists. W&B's inputs carry no version, so a write that lands between that
 * listing and the mutations is not noticed (docs/plan-apply-pull.md).
 */

/** Options for {@link applyPlan}. */
export interface ApplyOptions {
  /** Mutations per request. Default {@link defaultBatchSize}. */
  readonly batchSize?: number;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Rounds of "list again, settle the doubtful ones" after the first pass. Default 3. */
  readonly settleRounds?: number;
  /** Called as changes finish (first pass), for a progress bar. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  /**
   * Stops sending: requests in flight finish and are read, nothing more is
   * sent, and the changes not sent are reported as `interrupted` (Ctrl-C).
   */
  readonly signal?: AbortSignal;
  /**
   * List the changes' entities again before writing, and write nothing in a
   * scope that is no longer as the plan saw it (see {@link stalePlanReasons}):
   * those changes fail as `changed`, and {@link ApplyResult.changed} says why.
   */
  readonly recheck?: boolean;
}

/**
 * Mutations per request by default: 50. W&B documents no limit on
 * mutations per document (the local server accepts 1,000 aliases, and
 * {@link sendBatch} splits a document a server refuses whole into single
 * mutations). 50 turns 1,000 changes into 20 requests, keeps a request body
 * around 50–100 KB, and keeps its execution — GraphQL runs a document's
 * mutations one after another — to about 15 s even at 300 ms a mutation,
 * half the 30 s per-attempt timeout (a batch that times out is settled by
 * listing, never sent twice blindly). Larger batches save few requests more
 * (100 would save 10 of the 1,000-change apply's 25) while they near that
 * timeout and make one failed and retried request cost more.
 */
export const defaultBatchSize = 50;

/** A change as carried out. */
export interface AppliedChange extends PlanEntry {
  readonly action: PlanChange['action'];
  /** The automation's ID after a create. */
  readonly id?: string;
  /** A create that found the automation already there, exactly as the rule says (someone else made it): nothing was written. */
  readonly already?: true;
}

/** A change that did not happen (or could not be confirmed). */
export interface FailedChange extends AppliedChange {
  /**
   * `rejected`: the server refused it; `unconfirmed`: no answer settled
   * whether it happened; `interrupted`: never sent, because the apply was
   * stopped; `changed`: not written, because the server changed under the
   * apply (another writer).
   */
  readonly reason: 'rejected' | 'unconfirmed' | 'interrupted' | 'changed';
  /** The server's (or the network's) message. */
  readonly message: string;
}

/** What {@link applyPlan} did. */
export interface ApplyResult {
  readonly applied: readonly AppliedChange[];
  readonly failed: readonly FailedChange[];
  /** GraphQL operations sent (mutation batches and the listings that settled doubts). */
  readonly requests: number;
  /** HTTP requests made, retries included. */
  readonly httpRequests: number;
  /** Of the operations, the mutation requests (batches, and batches of one split from a batch the server refused whole). */
  readonly batches: number;
  /** Of the operations, the listing pages read to settle doubtful changes. */
  readonly listingRequests: number;
  /** Doubtful changes that had to be settled by listing again. */
  readonly settled: number;
  /** With `recheck`: the scopes not written because the server changed since the plan was made, and what changed. */
  readonly changed: readonly { readonly scope: PlanScope; readonly reasons: readonly string[] }[];
}

interface Task {
  readonly change: PlanChange;
  op: MutationOp;
  outcome?: MutationOutcome;
}

/** Applies `plan` through `api`. Rejects only when the server refuses the key (or on a bug). */
export async function applyPlan(
  plan: Pick<Plan, 'changes'>,
  api: WandbApi,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const before = api.client.stats;
  let listingRequests = 0;
  const applied: AppliedChange[] = [];
  const failed: FailedChange[] = [];
  const changed: { scope: PlanScope; reasons: string[] }[] = [];
  let changes = plan.changes;
  if (options.recheck === true && changes.length > 0) {
    const beforeListing = api.client.stats.requests;
    let listed: readonly SavedTrigger[];
    try {
      const entities = [...new Set(changes.map((c) => c.entity))];
      listed = (await listEntities(api, entities, concurrency)).map((l) => l.trigger);
    } finally {
      listingRequests += api.client.stats.requests - beforeListing;
    }
    const byScope = new Map<string, PlanChange[]>();
    for (const change of changes) {
      const key = `${change.scope.type}\u0000${change.scope.id}`;
      byScope.set(key, [...(byScope.get(key) ?? []), change]);
    }
    const stale = new Set<PlanChange>();
    for (const group of byScope.values()) {
      const reasons = stalePlanReasons({ changes: group, unchanged: [] }, listed);
      if (reasons.length === 0) continue;
      changed.push({ scope: (group[0] as PlanChange).scope, reasons });
      for (const change of group) {
        stale.add(change);
        const message = `not written: the server changed in ${scopeText(change.scope)} since the plan was made`;
        failed.push({ ...appliedOf(change), reason: 'changed', message });
      }
    }
    changes = changes.filter((change) => !stale.has(change));
  }
  const total = changes.length;
  let done = 0;

  const run = async (tasks: readonly Task[], progress: boolean): Promise<void> => {
    const chunks: Task[][] = [];
    for (let i = 0; i < tasks.length; i += batchSize) chunks.push(tasks.slice(i, i + batchSize));
    await mapLimit(chunks, concurrency, async (chunk) => {
      if (options.signal?.aborted === true) return;
      const outcomes = await sendBatch(
        api.client,
        chunk.map((t) => t.op),
      );
      chunk.forEach((task, i) => {
        task.outcome = outcomes[i];
      });
      if (progress) {
        done += chunk.length;
        options.onProgress?.({ done, total });
      }
    });
  };

  let pending: Task[] = changes.map((change) => ({ change, op: opOf(change) }));
  let settled = 0;
  const rounds = options.settleRounds ?? 3;
  for (let round = 0; pending.length > 0; round++) {
    await run(pending, round === 0);
    const doubtful: Task[] = [];
    for (const task of pending) {
      const outcome = task.outcome;
      if (outcome === undefined)
        failed.push({ ...appliedOf(task.change), reason: 'interrupted', message: 'not sent: the apply was stopped' });
      else if (outcome.kind === 'done') applied.push(appliedOf(task.change, outcome.id));
      else if (outcome.kind === 'missing' && task.op.kind === 'delete') applied.push(appliedOf(task.change));
      else if (outcome.kind === 'rejected')
        failed.push({ ...appliedOf(task.change), reason: 'rejected', message: outcome.message });
      else doubtful.push(task);
    }
    if (doubtful.length === 0) break;
    if (round >= rounds || options.signal?.aborted === true) {
      for (const task of doubtful) failed.push(unconfirmed(task));
      break;
    }
    settled += round === 0 ? doubtful.length : 0;
    pending = [];
    const entities = [...new Set(doubtful.map((t) => t.change.entity))];
    let current: Map<string, SavedTrigger>;
    const beforeListing = api.client.stats.requests;
    try {
      current = byIdentity((await listEntities(api, entities, concurrency)).map((l) => l.trigger));
    } catch (error) {
      if (!(error instanceof WandbClientError)) throw error;
      for (const task of doubtful) failed.push(unconfirmed(task, error.message));
      break;
    } finally {
      listingRequests += api.client.stats.requests - beforeListing;
    }
    for (const task of doubtful) {
      const next = settle(task, current);
      const id = current.get(keyOf(task.change))?.id;
      if (next === 'done') applied.push(appliedOf(task.change, id));
      else if (next === 'already') applied.push({ ...appliedOf(task.change, id), already: true });
      else if ('changed' in next)
        failed.push({ ...appliedOf(task.change, id), reason: 'changed', message: next.changed });
      else pending.push({ change: task.change, op: next });
    }
  }
  const after = api.client.stats;
  return {
    applied,
    failed,
    requests: after.requests - before.requests,
    httpRequests: after.attempts - before.attempts,
    batches: after.requests - before.requests - listingRequests,
    listingRequests,
    settled,
    changed,
  };
}

/** The mutation a change sends first. */
function opOf(change: PlanChange): MutationOp {
  switch (change.action) {
    case 'create':
      return { kind: 'create', input: asRecord(change.input) };
    case 'update':
      return { kind: 'update', input: change.input };
    case 'delete':
      return { kind: 'delete', id: change.id };
  }
}

/**
 * What a doubtful change still needs, given what the server now holds:
 * nothing (`done`; `already` when someone else made it so), one more
 * mutation, or nothing because someone else made it differently.
 */
function settle(
  task: Task,
  current: ReadonlyMap<string, SavedTrigger>,
): 'done' | 'already' | { readonly changed: string } | MutationOp {
  const { change, outcome } = task;
  // A rename not yet made is still under its saved name: update it, never create a second one.
  const saved =
    current.get(keyOf(change)) ??
    (change.action === 'update' && change.renamedFrom !== undefined
      ? current.get(identityKey(change.scope.type, change.scope.id, change.renamedFrom))
      : undefined);
  if (change.action === 'delete') return saved === undefined ? 'done' : { kind: 'delete', id: saved.id };
  const wanted = wantedInput(change);
  if (outcome?.kind === 'conflict' && outcome.takenBefore && saved !== undefined) {
    if (sameAutomation(saved, wanted)) return 'already';
    return {
      changed: `automation "${change.name}" in ${scopeText(change.scope)} was created meanwhile by someone else, not as the rule says; it was not overwritten`,
    };
  }
  if (saved === undefined) return { kind: 'create', input: wanted };
  if (sameAutomation(saved, wanted)) return 'done';
  return { kind: 'update', input: updateInput(wanted, saved) };
}

/** The rule's automation as a create input (an update's input without its `id`). */
function wantedInput(change: Exclude<PlanChange, { action: 'delete' }>): Readonly<Record<string, unknown>> {
  if (change.action === 'create') return asRecord(change.input);
  const { id: _id, ...rest } = change.input;
  return rest;
}

function asRecord(input: object): Readonly<Record<string, unknown>> {
  return input as Readonly<Record<string, unknown>>;
}

function keyOf(change: PlanChange): string {
  return identityKey(change.scope.type, change.scope.id, change.name);
}

function byIdentity(triggers: readonly SavedTrigger[]): Map<string, SavedTrigger> {
  const map = new Map<string, SavedTrigger>();
  for (const trigger of triggers) {
    const key = savedIdentity(trigger);
    if (!map.has(key)) map.set(key, trigger);
  }
  return map;
}

function appliedOf(change: PlanChange, id?: string): AppliedChange {
  const entry: { -readonly [K in keyof AppliedChange]: AppliedChange[K] } = {
    action: change.action,
    scope: change.scope,
    name: change.name,
    entity: change.entity,
  };
  const known = id ?? change.id;
  if (known !== undefined) entry.id = known;
  if (change.source !== undefined) entry.source = change.source as SourcePlace;
  return entry;
}

function unconfirmed(task: Task, why?: string): FailedChange {
  const outcome = task.outcome;
  const message = why ?? (outcome !== undefined && 'message' in outcome ? outcome.message : 'no answer');
  return { ...appliedOf(task.change), reason: 'unconfirmed', message };
}
