import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate as validateDocument } from 'graphql';
import { describe, expect, test } from 'vitest';
import { allOperations, sdkOperations, wandbSchema } from '../index.js';
import { specSchemaFile } from './vectors.js';

/**
 * The GraphQL documents the client sends, checked against the schema
 * offline. That the local server answers them as W&B does is tested in
 * packages/dev-server.
 */

describe('the documents', () => {
  test('every document the client can send validates against the schema', () => {
    for (const operation of allOperations) {
      expect(
        validateDocument(wandbSchema(), parse(operation.document)).map((e) => e.message),
        operation.name,
      ).toEqual([]);
      expect(parse(operation.document).definitions[0]).toMatchObject({ name: { value: operation.name } });
    }
  });

  test("the SDK's own documents validate against the spec's SDL as well", () => {
    const shared = buildSchema(readFileSync(specSchemaFile, 'utf8'));
    for (const operation of sdkOperations) {
      expect(
        validateDocument(shared, parse(operation.document)).map((e) => e.message),
        operation.name,
      ).toEqual([]);
    }
  });
});
