import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The golden vectors (spec/vectors, copied from the W&B spec; see spec/README.md), read at test time. */
export const vectorsDir = join(repoRoot, 'spec/vectors');

/** The spec's GraphQL schema subset (spec/wandb-automations.graphql). */
export const specSchemaFile = join(repoRoot, 'spec/wandb-automations.graphql');

/** One vector case (the fields these tests read). */
export interface VectorCase {
  readonly id: string;
  readonly operation?: string;
  readonly expected?: Record<string, unknown> | null;
  readonly expected_variables?: Record<string, unknown>;
  readonly saved_trigger?: Record<string, unknown>;
}

/** Every case of every vector file, with its file name. */
export function vectorCases(): { file: string; case: VectorCase }[] {
  return readdirSync(vectorsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      (JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')) as { cases: VectorCase[] }).cases.map((c) => ({
        file,
        case: c,
      })),
    );
}

/** The create and update payloads (`expected` of CreateAutomation / UpdateAutomation cases). */
export function payloadCases(): { id: string; operation: string; input: Record<string, unknown> }[] {
  return vectorCases()
    .filter(
      ({ case: c }) => (c.operation === 'CreateAutomation' || c.operation === 'UpdateAutomation') && c.expected != null,
    )
    .map(({ case: c }) => ({
      id: c.id,
      operation: c.operation as string,
      input: c.expected as Record<string, unknown>,
    }));
}
