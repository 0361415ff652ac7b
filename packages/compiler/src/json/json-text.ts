/**
 * The exact JSON spelling the wandb SDK uses for the strings it builds
 * (`eventFilter`, the nested `run_filter`, `requestPayload`; spec §2).
 *
 * The server stores those strings verbatim, so "equal as JSON" is not enough:
 * key order, int-versus-float and float digits must match the SDK byte for
 * byte. JavaScript values cannot carry that information (`1` and `1.0` are the
 * same number, and plain objects move integer-like keys such as `"10"` to the
 * front), so everything here works on a small ordered value model instead.
 *
 * Pure and browser-safe: no Node imports, no I/O.
 */
import { isJsonNumber } from '@wbrules/dsl';

/** A JSON integer, kept as canonical decimal text so it is exact at any size (Python ints are unbounded). */
export interface JsonInt {
  readonly kind: 'int';
  /** Canonical decimal text: optional `-`, no leading zeros, never `-0`. */
  readonly text: string;
}

/** A JSON float (a Python `float`): always spelled with a fraction or an exponent. */
export interface JsonFloat {
  readonly kind: 'float';
  /** A finite double; `-0` is kept and spelled `-0.0`. */
  readonly value: number;
}

/** A JSON string; must be well-formed UTF-16 (no lone surrogates), because the SDK fails on them. */
export interface JsonString {
  readonly kind: 'string';
  readonly value: string;
}

/** A JSON boolean. */
export interface JsonBool {
  readonly kind: 'bool';
  readonly value: boolean;
}

/** JSON `null`; the SDK keeps nulls inside its JSON strings (`"agg_op":null`). */
export interface JsonNull {
  readonly kind: 'null';
}

/** A JSON array. */
export interface JsonArray {
  readonly kind: 'array';
  readonly items: readonly JsonText[];
}

/** One `key: value` member of a {@link JsonObject}. */
export type JsonEntry = readonly [key: string, value: JsonText];

/**
 * A JSON object as an ordered entry list: the order given is the order
 * written, including integer-like keys that a plain JavaScript object would
 * move to the front.
 */
export interface JsonObject {
  readonly kind: 'object';
  readonly entries: readonly JsonEntry[];
}

/** A JSON value that remembers everything its SDK spelling depends on: key order and int versus float. */
export type JsonText = JsonInt | JsonFloat | JsonString | JsonBool | JsonNull | JsonArray | JsonObject;

/** A JSON number: the int/float pair that numeric literals lower to. */
export type JsonNumber = JsonInt | JsonFloat;

// ---------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------

const INT_SPELLING = /^-?(?:0|[1-9][0-9]*)$/;
/** Whether `raw` is a number in JSON form (the only spelling the SDK's serializer accepts): the language's own rule. */
export { isJsonNumber };

/**
 * An integer. Accepts a bigint, a safe-integer number, or integer text in
 * JSON spelling (`-0` becomes `0`, as Python's `int` does). Anything else is a
 * caller bug and throws a RangeError.
 */
export function jsonInt(value: bigint | number | string): JsonInt {
  if (typeof value === 'bigint') return { kind: 'int', text: value.toString() };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`jsonInt: ${value} is not a safe integer`);
    // `String(-0)` is "0", so negative zero needs no special case.
    return { kind: 'int', text: String(value) };
  }
  if (!INT_SPELLING.test(value)) throw new RangeError(`jsonInt: "${value}" is not integer text`);
  return { kind: 'int', text: value === '-0' ? '0' : value };
}

/** A float. Non-finite values cannot be spelled (spec §2.6), so passing one is a caller bug and throws a RangeError. */
export function jsonFloat(value: number): JsonFloat {
  if (!Number.isFinite(value)) throw new RangeError(`jsonFloat: ${value} cannot be written as JSON`);
  return { kind: 'float', value };
}

/** A string value. Well-formedness is checked when it is written (see {@link stringify}). */
export function jsonString(value: string): JsonString {
  return { kind: 'string', value };
}

/** A boolean value. */
export function jsonBool(value: boolean): JsonBool {
  return { kind: 'bool', value };
}

/** The `null` value (shared; values are immutable). */
export const jsonNull: JsonNull = Object.freeze({ kind: 'null' });

/** An array of the given items, in order. */
export function jsonArray(items: readonly JsonText[]): JsonArray {
  return { kind: 'array', items };
}

/** An object with the given entries, written in exactly this order. */
export function jsonObject(entries: readonly JsonEntry[]): JsonObject {
  return { kind: 'object', entries };
}

/** The value of the first entry named `key`, or `undefined`; for reading parsed payloads without converting them. */
export function jsonMember(object: JsonObject, key: string): JsonText | undefined {
  for (const [k, v] of object.entries) if (k === key) return v;
  return undefined;
}

/**
 * Structural equality that respects everything the spelling depends on:
 * `1` ≠ `1.0`, `0.0` ≠ `-0.0`, and objects are equal only with the same keys
 * in the same order.
 */
export function jsonEquals(a: JsonText, b: JsonText): boolean {
  switch (a.kind) {
    case 'int':
      return b.kind === 'int' && a.text === b.text;
    case 'float':
      return b.kind === 'float' && Object.is(a.value, b.value);
    case 'string':
    case 'bool':
      return b.kind === a.kind && a.value === b.value;
    case 'null':
      return b.kind === 'null';
    case 'array':
      return (
        b.kind === 'array' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => jsonEquals(item, b.items[i] as JsonText))
      );
    case 'object':
      return (
        b.kind === 'object' &&
        a.entries.length === b.entries.length &&
        a.entries.every(([key, value], i) => {
          const other = b.entries[i] as JsonEntry;
          return key === other[0] && jsonEquals(value, other[1]);
        })
      );
  }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** Matches a UTF-16 surrogate that is not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024) where the engine has it: a native scan, much faster than the regex. */
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/**
 * Whether `s` is well-formed UTF-16. The SDK cannot encode a lone surrogate
 * (its serializer raises), so callers reject such strings before lowering.
 */
export function isWellFormedString(s: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(s) : nativeIsWellFormed.call(s);
}

/**
 * The SDK's compact spelling of `value` (spec §2): no whitespace, keys in the
 * given order, non-ASCII raw, ints as their text, floats by {@link spellFloat}.
 *
 * Throws a RangeError on a lone surrogate or a non-finite float; both are
 * caller bugs, since checkers must reject them with a diagnostic first.
 */
export function stringify(value: JsonText): string {
  const text = spell(value);
  // Built by concatenation (faster than joining an array of small pieces);
  // reading a character flattens the result, so what callers keep is compact.
  text.charCodeAt(0);
  return text;
}

function spell(value: JsonText): string {
  switch (value.kind) {
    case 'int':
      return value.text;
    case 'float':
      return spellFloat(value.value);
    case 'string':
      return spellString(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'array': {
      let out = '[';
      const items = value.items;
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out += ',';
        out += spell(items[i] as JsonText);
      }
      return `${out}]`;
    }
    case 'object': {
      let out = '{';
      const entries = value.entries;
      for (let i = 0; i < entries.length; i++) {
        const [key, member] = entries[i] as JsonEntry;
        if (i > 0) out += ',';
        out += `${spellString(key)}:${spell(member)}`;
      }
      return `${out}}`;
    }
  }
}

/** Characters that need an escape, or a surrogate check: strings without them are spelled as they are. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `stringify(jsonString(s))` without the wrapper: for writers that spell a
 * fixed shape directly (see lower/event.ts). Throws a RangeError on a lone surrogate.
 */
export function stringifyString(s: string): string {
  return spellString(s);
}

/** `stringify(n)` for a number, without the dispatch on kinds. */
export function stringifyNumber(n: JsonNumber): string {
  return n.kind === 'int' ? n.text : spellFloat(n.value);
}

function spellString(s: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  if (!isWellFormedString(s)) throw new RangeError('stringify: string contains a lone surrogate');
  // For well-formed strings JSON.stringify escapes exactly what the SDK
  // escapes (spec §2.4: `\"`, `\\`, short escapes, lowercase `\u00xx` below
  // U+0020; everything else raw, U+2028/U+2029 included).
  return JSON.stringify(s);
}

/**
 * The SDK's spelling of a finite double (spec §2.6, pydantic-core 2.46):
 * shortest round-trip digits; positional with at least one fractional digit
 * when the decimal exponent is in [-5, 16), otherwise `d[.ddd]e±X`.
 * `0.0` and `-0.0` for zeros. Throws a RangeError for NaN and ±Infinity.
 */
export function spellFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`spellFloat: ${x} cannot be written as JSON`);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const size = Math.abs(x);
  if (size >= 1e-5 && size < 1e16) {
    // Decimal exponent in [-5, 16): JavaScript already writes these
    // positionally with the shortest round-trip digits; only an integral
    // value lacks the fractional digit.
    const text = String(x);
    return text.includes('.') ? text : `${text}.0`;
  }
  // toExponential() without an argument prints exactly the shortest
  // round-trip digits, which is what the SDK's serializer starts from.
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
  if (match === null) throw new Error(`spellFloat: unexpected toExponential() output for ${x}`);
  const [, sign = '', first = '', rest = '', expText = ''] = match;
  const digits = first + rest;
  const exponent = Number(expText);
  if (exponent >= -5 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
  }
  const mantissa = rest === '' ? first : `${first}.${rest}`;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

// ---------------------------------------------------------------------------
// Numbers from source text
// ---------------------------------------------------------------------------

/** Why a number spelling could not become a value. */
export type NumberTextError = 'syntax' | 'range';

/** The outcome of {@link integerFromText}. */
export type IntegerTextResult =
  | { readonly ok: true; readonly value: JsonInt }
  | { readonly ok: false; readonly error: NumberTextError };

/** The outcome of {@link floatFromText}. */
export type FloatTextResult =
  | { readonly ok: true; readonly value: JsonFloat }
  | { readonly ok: false; readonly error: NumberTextError };

/** The outcome of {@link numberFromText}. */
export type NumberTextResult =
  | { readonly ok: true; readonly value: JsonNumber }
  | { readonly ok: false; readonly error: NumberTextError };

/** The bound on integers the toolchain accepts: JavaScript cannot check unbounded ones cheaply and W&B stores int64. */
export const MAX_INTEGER = 2n ** 63n - 1n;

/**
 * The exact integer an integer spelling (`-?(0|[1-9][0-9]*)`) denotes.
 * `range` when its magnitude exceeds 2^63−1, so the caller can report it
 * instead of silently losing digits the way a JavaScript number would.
 */
export function integerFromText(raw: string): IntegerTextResult {
  if (!INT_SPELLING.test(raw)) return { ok: false, error: 'syntax' };
  // Up to 15 digits is always in range and already canonical (JSON spelling has no leading zeros): skip BigInt.
  if (raw.length <= 15 && raw !== '-0') return { ok: true, value: { kind: 'int', text: raw } };
  const n = BigInt(raw);
  if (n > MAX_INTEGER || n < -MAX_INTEGER) return { ok: false, error: 'range' };
  return { ok: true, value: { kind: 'int', text: n.toString() } };
}

/**
 * The double a JSON number spelling denotes (correctly rounded, as Python's
 * `float()` does; `1E2` is `100.0`). `range` when it overflows to infinity,
 * which the SDK cannot send.
 */
export function floatFromText(raw: string): FloatTextResult {
  if (!isJsonNumber(raw)) return { ok: false, error: 'syntax' };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { ok: false, error: 'range' };
  return { ok: true, value: { kind: 'float', value } };
}

/**
 * A JSON number spelling as the SDK types it: no `.` and no exponent means an
 * int (exact, bounded as in {@link integerFromText}); anything else a float.
 */
export function numberFromText(raw: string): NumberTextResult {
  return INT_SPELLING.test(raw) ? integerFromText(raw) : floatFromText(raw);
}

/**
 * `raw` percent as a fraction, shifted two places in decimal: the dsl's
 * function (its WR1106 hint spells `80%` as `0.8` with it), re-exported here
 * beside the other number spellings.
 */
export { percentToFraction } from '@wbrules/dsl';

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** What to do with a repeated key in an object. */
export type DuplicateKeys =
  /** Report an error (the DSL's rule for payloads written inline). */
  | 'reject'
  /** Keep the first position and the last value, as Python's `json.loads` into a dict does. */
  | 'last-wins';

/** Options for {@link parseJsonOrdered}. */
export interface ParseJsonOptions {
  /** Default `'reject'`. */
  readonly duplicateKeys?: DuplicateKeys;
  /** Deepest nesting accepted before reporting an error instead of exhausting the stack. Default 512. */
  readonly maxDepth?: number;
  /**
   * Report where each element of a top-level array starts (`elementOffsets`
   * in the result), so a message about the n-th element can point at it.
   */
  readonly elementOffsets?: boolean;
}

/** Where and why {@link parseJsonOrdered} gave up. */
export interface JsonParseError {
  readonly message: string;
  /** UTF-16 offset into the text. */
  readonly offset: number;
}

/** The outcome of {@link parseJsonOrdered}. */
export type JsonParseResult =
  | {
      readonly ok: true;
      readonly value: JsonText;
      /** With `elementOffsets`: the UTF-16 offset of each element of a top-level array (empty for any other value). */
      readonly elementOffsets?: readonly number[];
    }
  | { readonly ok: false; readonly error: JsonParseError };

/**
 * Parses strict JSON (RFC 8259) into the ordered model, so saved webhook
 * payloads and saved filters can be re-spelled the SDK's way: key order is
 * kept, a number with no `.`/`e`/`E` is an int kept exactly, others are floats.
 *
 * Never throws on bad input. Besides syntax errors it reports what the SDK
 * could not send back: lone surrogates, floats that overflow to infinity, and
 * (by default) duplicate keys.
 */
export function parseJsonOrdered(text: string, options: ParseJsonOptions = {}): JsonParseResult {
  const offsets = options.elementOffsets === true ? [] : undefined;
  const parser = new JsonParser(text, options.duplicateKeys ?? 'reject', options.maxDepth ?? 512, offsets);
  try {
    parser.skipWhitespace();
    const value = parser.parseValue(0);
    parser.skipWhitespace();
    if (parser.pos < text.length) parser.fail('Unexpected text after the JSON value.');
    return offsets === undefined ? { ok: true, value } : { ok: true, value, elementOffsets: offsets };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

/** Internal control flow only: never escapes {@link parseJsonOrdered}. */
class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class JsonParser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly duplicateKeys: DuplicateKeys,
    private readonly maxDepth: number,
    /** Collects the offsets of a top-level array's elements, when asked. */
    private readonly elementOffsets: number[] | undefined,
  ) {}

  fail(message: string, offset: number = this.pos): never {
    throw new JsonSyntaxError(message, offset);
  }

  skipWhitespace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  /** value = object / array / string / number / "true" / "false" / "null" */
  parseValue(depth: number): JsonText {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case '"':
        return { kind: 'string', value: this.parseString() };
      case 't':
        return this.parseLiteral('true', { kind: 'bool', value: true });
      case 'f':
        return this.parseLiteral('false', { kind: 'bool', value: false });
      case 'n':
        return this.parseLiteral('null', jsonNull);
      case undefined:
        return this.fail('Unexpected end of JSON text; expected a value.');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
        return this.fail(`Unexpected character ${JSON.stringify(c)}; expected a value.`);
    }
  }

  private parseLiteral(word: string, value: JsonText): JsonText {
    if (!this.text.startsWith(word, this.pos)) this.fail(`Unexpected text; expected "${word}".`);
    this.pos += word.length;
    return value;
  }

  private enter(depth: number): void {
    if (depth > this.maxDepth) this.fail(`Nested deeper than ${this.maxDepth} levels.`);
  }

  /** object = "{" [ string ":" value *( "," string ":" value ) ] "}" */
  private parseObject(depth: number): JsonObject {
    this.enter(depth);
    this.pos++;
    const entries: (readonly [string, JsonText])[] = [];
    const seen = new Map<string, number>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('Expected a string key.');
      const keyOffset = this.pos;
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail('Expected ":" after an object key.');
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth);
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, entries.length);
        entries.push([key, value]);
      } else if (this.duplicateKeys === 'reject') {
        this.fail(`Duplicate key ${JSON.stringify(key)}.`, keyOffset);
      } else {
        entries[earlier] = [key, value];
      }
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', entries };
      if (c !== ',') this.fail('Expected "," or "}" in an object.', this.pos - 1);
      this.skipWhitespace();
    }
  }

  /** array = "[" [ value *( "," value ) ] "]" */
  private parseArray(depth: number): JsonArray {
    this.enter(depth);
    this.pos++;
    const items: JsonText[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      if (depth === 1) this.elementOffsets?.push(this.pos);
      items.push(this.parseValue(depth));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail('Expected "," or "]" in an array.', this.pos - 1);
      this.skipWhitespace();
    }
  }

  /** string = quotation-mark *char quotation-mark, with JSON escapes; no raw control characters. */
  private parseString(): string {
    const { text } = this;
    const start = this.pos;
    this.pos++;
    // Without escapes the value is a slice of the text. With them it is
    // gathered as code units and made a string once: adding the pieces to a
    // string one by one builds a rope as long as the string, ever slower per
    // character on a long string of escapes (a compiled filter is one).
    let units: Uint16Array | undefined;
    let length = 0;
    let run = this.pos;
    for (;;) {
      if (this.pos >= text.length) this.fail('Unterminated string.', start);
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('Control character in a string must be escaped.');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      units = withRoom(units, length, this.pos - run + 1);
      for (let k = run; k < this.pos; k++) units[length++] = text.charCodeAt(k);
      const escapeChar = text[this.pos + 1];
      if (escapeChar === 'u') {
        const hex = text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape; expected four hex digits.');
        units[length++] = Number.parseInt(hex, 16);
        this.pos += 6;
      } else {
        const replacement = escapeChar === undefined ? undefined : SIMPLE_ESCAPES[escapeChar];
        if (replacement === undefined) this.fail('Invalid escape in a string.');
        units[length++] = replacement.charCodeAt(0);
        this.pos += 2;
      }
      run = this.pos;
    }
    let out: string;
    if (units === undefined) {
      out = text.slice(run, this.pos);
    } else {
      units = withRoom(units, length, this.pos - run);
      for (let k = run; k < this.pos; k++) units[length++] = text.charCodeAt(k);
      out = unitsToString(units, length);
    }
    this.pos++;
    // Checked on the decoded value so that escaped pairs (`\ud83d\ude00`) pass
    // and lone halves, escaped or raw, do not.
    if (!isWellFormedString(out)) this.fail('String contains a lone surrogate, which cannot be sent.', start);
    return out;
  }

  /** number = [ "-" ] int [ frac ] [ exp ] */
  private parseNumber(): JsonNumber {
    const match = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (found === null) return this.fail('Invalid number.');
    const start = this.pos;
    const raw = found[0];
    this.pos += raw.length;
    // A digit straight after the match means a leading zero (`01`), which JSON forbids.
    const next = this.text[this.pos];
    if (next !== undefined && next >= '0' && next <= '9') this.fail('Invalid number: leading zero.', start);
    if (found[1] === undefined && found[2] === undefined) {
      // Python ints are unbounded, so saved values are kept exactly at any
      // size; the grammar already excludes leading zeros, and `-0` is `0`.
      return { kind: 'int', text: raw === '-0' ? '0' : raw };
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) this.fail('Number is too large for a double.', start);
    return { kind: 'float', value };
  }
}

/** `units` if it has room for `more` after `length`, else a copy of its first `length` units with room to grow. */
function withRoom(units: Uint16Array | undefined, length: number, more: number): Uint16Array {
  if (units !== undefined && units.length >= length + more) return units;
  const grown = new Uint16Array(Math.max(64, length + more, 2 * (units?.length ?? 0)));
  if (units !== undefined) grown.set(units.subarray(0, length));
  return grown;
}

/** The first `length` code units as a string, a chunk at a time (one call with them all would overflow the stack). */
function unitsToString(units: Uint16Array, length: number): string {
  const chunk = 8192;
  const pieces: string[] = [];
  for (let k = 0; k < length; k += chunk) {
    pieces.push(String.fromCharCode(...units.subarray(k, Math.min(length, k + chunk))));
  }
  return pieces.join('');
}
