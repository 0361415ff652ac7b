import type { Span, StringLiteral } from '@wbrules/dsl';

/**
 * Where a character of a string's decoded value sits in the source, so a
 * diagnostic can point inside a string (a template variable, the bad part of
 * a regex) rather than at the whole literal.
 *
 * Returns `undefined` when the range `[from, to)` of the value does not map
 * to one contiguous stretch of source text written without escapes (then
 * the caller falls back to the whole literal). Each call decodes the literal
 * anew: for several ranges of one literal, use {@link valueSpans}.
 */
export function valueRangeSpan(literal: StringLiteral, from: number, to: number): Span | undefined {
  return valueSpans(literal)(from, to);
}

/**
 * {@link valueRangeSpan} for many ranges of one literal: the literal is
 * decoded once, on the first lookup, and each lookup then costs the length
 * of its range, so pointing at every `${...}` of a long payload string takes
 * time linear in the string, not quadratic.
 */
export function valueSpans(literal: StringLiteral): (from: number, to: number) => Span | undefined {
  let offsets: number[] | undefined | null = null;
  return (from, to) => {
    if (offsets === null) offsets = sourceOffsets(literal);
    return rangeSpan(literal, offsets, from, to);
  };
}

function rangeSpan(literal: StringLiteral, offsets: number[] | undefined, from: number, to: number): Span | undefined {
  if (offsets === undefined || from < 0 || to > offsets.length || from > to) return undefined;
  if (from === to) {
    const at = from < offsets.length ? offsets[from] : (offsets[from - 1] ?? literal.span.start) + 1;
    return at === undefined || at < 0 ? undefined : { start: at, end: at };
  }
  const start = offsets[from] as number;
  if (start < 0) return undefined;
  // Contiguous and unescaped: each value unit is exactly one source unit.
  for (let k = from + 1; k < to; k++) if (offsets[k] !== start + (k - from)) return undefined;
  return { start, end: start + (to - from) };
}

/** The source offset of each UTF-16 unit of the decoded value, or undefined if the raw text does not decode as expected. */
function sourceOffsets(literal: StringLiteral): number[] | undefined {
  const { raw, span } = literal;
  const out: number[] = [];
  if (literal.style === 'raw') {
    // r"...": the value is the text between the quotes, unchanged.
    const bodyStart = span.start + 2;
    for (let i = 0; i < literal.value.length; i++) out.push(bodyStart + i);
    return out;
  }
  const end = raw.endsWith('"') && raw.length >= 2 ? raw.length - 1 : raw.length;
  let i = 1;
  while (i < end) {
    if (raw.charCodeAt(i) === 92) {
      const next = raw[i + 1];
      // An escape yields one unit with no single source position of its own;
      // -1 marks it so that ranges through it are rejected.
      out.push(-1);
      i += next === 'u' ? 6 : 2;
      continue;
    }
    out.push(span.start + i);
    i++;
  }
  return out.length === literal.value.length ? out : undefined;
}
