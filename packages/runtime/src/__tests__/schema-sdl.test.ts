import { readFileSync, writeFileSync } from 'node:fs';
import { assertValidSchema, buildSchema, coerceInputValue, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, test } from 'vitest';
import { wandbSchema, wandbSchemaSdl } from '../index.js';
import { specSchemaFile } from './vectors.js';

const schemaFile = new URL('../../schema/wandb.graphql', import.meta.url);
const moduleFile = new URL('../schema/wandb-schema-sdl.ts', import.meta.url);

/** The text of src/schema/wandb-schema-sdl.ts for an SDL: one string literal per line, quoted as Biome formats them. */
function sdlModule(sdl: string): string {
  const literal = (line: string) => {
    const singles = line.split("'").length - 1;
    const doubles = line.split('"').length - 1;
    if (singles > doubles) return JSON.stringify(line);
    return `'${line.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  };
  return [
    '/**',
    ' * The SDL of schema/wandb.graphql as a constant, so the bundled CLI needs no',
    ' * file next to it. Generated: edit the .graphql file, then run the runtime',
    ' * tests with WBRULES_UPDATE_SCHEMA=1 (a test fails while the two differ).',
    ' */',
    'export const wandbSchemaSdl: string = [',
    ...sdl.split('\n').map((line) => `  ${literal(line)},`),
    "].join('\\n');",
    '',
  ].join('\n');
}

describe('the schema', () => {
  test('src/schema/wandb-schema-sdl.ts holds schema/wandb.graphql exactly', () => {
    const sdl = readFileSync(schemaFile, 'utf8');
    if (process.env.WBRULES_UPDATE_SCHEMA === '1') writeFileSync(moduleFile, sdlModule(sdl));
    expect(wandbSchemaSdl).toBe(sdl);
    expect(readFileSync(moduleFile, 'utf8')).toBe(sdlModule(sdl));
  });

  test("is valid, and adds to the spec's SDL only the fields it documents", () => {
    assertValidSchema(wandbSchema());
    const shared = buildSchema(readFileSync(specSchemaFile, 'utf8'));
    const added: string[] = [];
    for (const [name, type] of Object.entries(wandbSchema().getTypeMap())) {
      if (name.startsWith('__')) continue;
      const before = shared.getType(name);
      if (before === undefined || before === null) {
        added.push(name);
        continue;
      }
      if ('getFields' in type && 'getFields' in before) {
        const old = Object.keys(before.getFields());
        for (const field of Object.keys(type.getFields())) if (!old.includes(field)) added.push(`${name}.${field}`);
      }
    }
    expect(added.sort()).toEqual([
      'ArtifactCollection.project',
      'ArtifactCollectionConnection',
      'ArtifactCollectionEdge',
      'ArtifactPortfolio.project',
      'ArtifactSequence.project',
      'ArtifactType.artifactCollections',
      'ArtifactTypeConnection',
      'ArtifactTypeEdge',
      'Project.artifactTypes',
      'Project.entity',
    ]);
  });

  test('JSONString is a string: an object is refused where W&B wants JSON text', () => {
    const type = wandbSchema().getType('GenericWebhookActionInput') as GraphQLInputObjectType;
    const errors: string[] = [];
    coerceInputValue({ integrationID: 'x', requestPayload: { a: 1 } }, type, (path, _v, e) =>
      errors.push(`${path.join('.')}: ${e.message}`),
    );
    expect(errors).toEqual([
      'requestPayload: Expected type "JSONString". JSONString must be a string holding JSON, found an object',
    ]);
  });
});
