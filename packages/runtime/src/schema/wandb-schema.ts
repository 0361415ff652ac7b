import { buildSchema, type GraphQLSchema, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { wandbSchemaSdl } from './wandb-schema-sdl.js';

/**
 * The W&B GraphQL schema subset as a graphql-js schema: the client's
 * documents are validated against it, `validate` coerces payloads with it,
 * and the local server executes it.
 *
 * `buildSchema` gives custom scalars identity behaviour, which would let an
 * object pass where W&B wants a string; W&B's `JSONString` is a string
 * holding JSON (graphene decodes it with `json.loads`), so it is made strict.
 */

let cached: GraphQLSchema | undefined;

/** The schema (built once per process). */
export function wandbSchema(): GraphQLSchema {
  if (cached === undefined) {
    const schema = buildSchema(wandbSchemaSdl);
    makeStringScalar(schema, 'JSONString', 'a string holding JSON');
    makeStringScalar(schema, 'DateTime', 'an ISO 8601 date-time string');
    cached = schema;
  }
  return cached;
}

/** Gives a scalar of the built schema string-only parsing and serializing. */
function makeStringScalar(schema: GraphQLSchema, name: string, expected: string): void {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLScalarType)) throw new Error(`the schema has no scalar ${name}`);
  const check = (value: unknown): string => {
    if (typeof value !== 'string') throw new TypeError(`${name} must be ${expected}, found ${describeValue(value)}`);
    return value;
  };
  // graphql-js reads these per call, so replacing them configures the scalar.
  const mutable = type as { -readonly [K in 'parseValue' | 'serialize' | 'parseLiteral']: GraphQLScalarType[K] };
  mutable.parseValue = check;
  mutable.serialize = check;
  mutable.parseLiteral = (node: ValueNode) => {
    if (node.kind !== Kind.STRING) throw new TypeError(`${name} must be ${expected}`);
    return node.value;
  };
}

/** A short description of a JSON value's kind, for messages (`an object`, `the number 3`). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    default:
      return typeof value;
  }
}
