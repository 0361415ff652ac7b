import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The golden vectors (spec/vectors, copied from the W&B spec; see spec/README.md), read at test time. */
const vectorsDir = join(repoRoot, 'spec/vectors');

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
