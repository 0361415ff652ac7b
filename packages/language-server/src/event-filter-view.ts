import { type JsonText, jsonArray, jsonObject, parseJsonOrdered, stringify } from '@wbrules/compiler';

/**
 * How editors show a compiled `eventFilter`: W&B takes it as a JSON string
 * whose run filter is itself a JSON string, which is exact but unreadable.
 * The decoded view parses the nested strings into values and indents the
 * result. Numbers keep the spelling the compiler chose (`120.0` stays
 * `120.0`, which `JSON.parse` would turn into `120`), since int versus float
 * is part of what the server receives. Browser-safe: the playground uses it.
 */

/** Indents compact JSON text by two spaces a level, leaving every token spelled as it is. */
export function prettyJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (d: number) => `\n${'  '.repeat(d)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[': {
        const close = c === '{' ? '}' : ']';
        if (text[i + 1] === close) {
          out += c + close;
          i++;
        } else {
          depth++;
          out += c + newline(depth);
        }
        break;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        out += newline(depth) + c;
        break;
      case ',':
        out += c + newline(depth);
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** Replaces each string that holds a JSON object or array by that value, at any depth. */
function decodeNested(value: JsonText): JsonText {
  switch (value.kind) {
    case 'string': {
      const s = value.value.trimStart();
      if (!s.startsWith('{') && !s.startsWith('[')) return value;
      const inner = parseJsonOrdered(value.value);
      return inner.ok ? decodeNested(inner.value) : value;
    }
    case 'array':
      return jsonArray(value.items.map(decodeNested));
    case 'object':
      return jsonObject(value.entries.map(([k, v]) => [k, decodeNested(v)] as const));
    default:
      return value;
  }
}

/** An `eventFilter` as a readable, indented JSON document with its nested JSON strings decoded. */
export function decodeEventFilter(eventFilter: string): string {
  const parsed = parseJsonOrdered(eventFilter);
  if (!parsed.ok) return eventFilter;
  return prettyJson(stringify(decodeNested(parsed.value)));
}

/** A compiled payload as indented JSON, its `eventFilter` still the string W&B receives. */
export function prettyPayload(payload: unknown): string {
  return prettyJson(JSON.stringify(payload));
}
