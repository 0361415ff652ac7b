/**
 * Paths into a payload, as validation problems report them. A path runs
 * straight through the JSON strings of a payload: after `eventFilter` come
 * the keys of the JSON it holds, and after `run_filter` those of the JSON
 * that string holds, so `eventFilter.run_filter.$and[0].display_name.$regex`
 * names one place however many encoding layers it crosses.
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

/** A path from a payload's root. */
export type JsonPath = readonly PathSegment[];

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a path: keys joined with `.`, indexes as `[0]`, and keys that are
 * not plain identifiers (spaces, dots, an empty key) as `["a b"]`. The empty
 * path (the payload itself) is rendered as `(the payload)`.
 */
export function formatJsonPath(path: JsonPath, prefix = ''): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(the payload)' : out;
}
