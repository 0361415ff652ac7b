import type { EventFamily } from './event-kinds.js';

/**
 * The fields a `where` filter may test, per event family, with the backend
 * field each lowers to. Run events expose only the run's display name (the
 * one field the SDK builder offers, spec §4.4); artifact events expose the
 * alias and the tag (spec §4.1). All three are strings, so every operator of
 * the language applies to each of them.
 */
export const filterFields: Readonly<Record<EventFamily, ReadonlyMap<string, string>>> = {
  run: new Map([['run.name', 'display_name']]),
  artifact: new Map([
    ['alias', 'alias'],
    ['tag', 'tag'],
  ]),
};

/** The backend field a source field lowers to, or `undefined` when the event family has no such field. */
export function backendField(family: EventFamily, path: string): string | undefined {
  return filterFields[family].get(path);
}
