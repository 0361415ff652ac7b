import type * as ast from '@wbrules/dsl';
import {
  isWellFormedString,
  type JsonEntry,
  type JsonObject,
  type JsonText,
  jsonArray,
  jsonBool,
  jsonNull,
  jsonObject,
  jsonString,
} from '../json/json-text.js';
import { numberValue } from '../json/number-spelling.js';

/**
 * A webhook payload written inline, as the ordered JSON value the SDK would
 * serialize: keys in source order (integer-like keys such as `"10"` stay in
 * place), numbers re-spelled the SDK's way (`1.50` → `1.5`, `1E2` → `100.0`,
 * ints stay ints), comments gone. `undefined` when the payload holds
 * something the checks reject (a duplicate key, a bad number, a lone
 * surrogate).
 */
export function lowerPayload(payload: ast.JsonObject): JsonObject | undefined {
  const value = lowerValue(payload);
  return value?.kind === 'object' ? value : undefined;
}

function lowerValue(value: ast.JsonValue): JsonText | undefined {
  switch (value.kind) {
    case 'JsonObject': {
      const entries: JsonEntry[] = [];
      const keys = new Set<string>();
      for (const member of value.members) {
        const key = member.key.value;
        if (keys.has(key) || !isWellFormedString(key)) return undefined;
        keys.add(key);
        const item = lowerValue(member.value);
        if (item === undefined) return undefined;
        entries.push([key, item]);
      }
      return jsonObject(entries);
    }
    case 'JsonArray': {
      const items: JsonText[] = [];
      for (const element of value.elements) {
        const item = lowerValue(element);
        if (item === undefined) return undefined;
        items.push(item);
      }
      return jsonArray(items);
    }
    case 'StringLiteral':
      return isWellFormedString(value.value) ? jsonString(value.value) : undefined;
    case 'NumberLiteral': {
      if (value.percent) return undefined;
      const n = numberValue(value);
      return n.ok ? n.value : undefined;
    }
    case 'BooleanLiteral':
      return jsonBool(value.value);
    case 'NullLiteral':
      return jsonNull;
  }
}
