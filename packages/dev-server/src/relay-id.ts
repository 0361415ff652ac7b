/**
 * W&B's GraphQL IDs and cursors are base64 text (`UHJvamVjdDox` is
 * `Project:1`); the local server makes its IDs and cursors the same way, so
 * they look like the real ones and the golden vectors' placeholder IDs
 * (`UHJvamVjdDox`, `SW50ZWdyYXRpb246Mg==`) name the first objects of a seed.
 */

/** `base64("<type>:<n>")`. */
export function relayId(type: string, n: number): string {
  return Buffer.from(`${type}:${n}`, 'utf8').toString('base64');
}

/** The cursor of the item at `index` (0-based) in a listing. */
export function cursorAt(index: number): string {
  return Buffer.from(`cursor:${index}`, 'utf8').toString('base64');
}

/** The index a cursor names, or `undefined` for anything that is not one of ours. */
export function indexOfCursor(cursor: string): number | undefined {
  const match = /^cursor:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match === null ? undefined : Number(match[1]);
}
