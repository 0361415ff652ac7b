import { type IdMap, validateIdMap } from '@wbrules/compiler';
import { InputError } from './exit-code.js';
import { readInput } from './files.js';
import { parseJsonFile } from './json-file.js';

/**
 * Reads an ID map file (`--ids`): a JSON object whose optional sections map
 * names to GraphQL IDs, e.g. `{"projects":{"acme/vision":"UHJvamVjdDox"}}`.
 * A file that cannot be read is a usage error; invalid JSON is an input
 * error at its line and column; a wrong shape (an unknown section, most
 * likely a typo, or an ID that is not a non-empty string) is an input error
 * for each entry at fault, as the compiler's `validateIdMap` words it. A
 * top-level `$schema` string (schemas/id-map.schema.json, for editors) is
 * accepted and ignored.
 */
export function readIdMap(path: string): IdMap {
  const source = readInput(path);
  const checked = validateIdMap(parseJsonFile(source, 'the ID map'));
  if (!checked.ok) throw new InputError(source.file, checked.errors);
  return checked.ids;
}
