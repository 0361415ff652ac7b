/**
 * A copy of `value` (AST nodes, diagnostics: plain data) with every `span`
 * moved by `delta`; generic, so a new node kind can never be left
 * unshifted. (The incremental parser moves its own regions in place
 * instead: see {@link distinctSpans}.)
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

/** A span the incremental parser moves in place. */
export interface MovableSpan {
  start: number;
  end: number;
}

/**
 * Every distinct span object reachable from `value` (a span two holders
 * share is listed once), so that moving them all later is one loop: the
 * incremental parser moves every region after an edit, on every keystroke,
 * and changing the spans in place allocates nothing. Only for what the
 * parser owns and no one keeps: an analysis of an earlier text is stale
 * once a newer one is parsed (the language server keeps its own copies of
 * what it carries from one analysis to the next).
 */
export function distinctSpans(value: unknown, seen = new Set<object>()): MovableSpan[] {
  const out: MovableSpan[] = [];
  collect(value, seen, out);
  return out;
}

function collect(value: unknown, seen: Set<object>, out: MovableSpan[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const element of value) collect(element, seen, out);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (typeof field !== 'object' || field === null) continue;
    if (key === 'span') {
      if (!seen.has(field)) {
        seen.add(field);
        out.push(field as MovableSpan);
      }
    } else {
      collect(field, seen, out);
    }
  }
}
