/**
 * A copy of `value` (AST nodes, diagnostics: plain data) with every `span`
 * moved by `delta`. The incremental parser keeps each region's parse and
 * only moves it when an edit before it changes the region's offset; the
 * copy is generic so a new node kind can never be left unshifted.
 */
export function shiftSpans<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shift(value, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((element) => shift(element, delta));
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (key === 'span' && typeof field === 'object' && field !== null) {
      const span = field as { start: number; end: number };
      out[key] = { start: span.start + delta, end: span.end + delta };
    } else {
      out[key] = shift(field, delta);
    }
  }
  return out;
}
