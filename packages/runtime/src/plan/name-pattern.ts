/**
 * `--keep PATTERN`: a glob over automation names. `*` matches any run of
 * characters (none included), `?` any one character, everything else only
 * itself; the pattern matches the whole name, not a part of it.
 */
export function namePattern(glob: string): (name: string) => boolean {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '[^]*';
    else if (char === '?') source += '[^]';
    else source += char.replace(/[\\^$.|+*?()[\]{}]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'u');
  return (name) => regex.test(name);
}

/** The first of `globs` that matches `name`, if any. */
export function matchingPattern(globs: readonly string[], name: string): string | undefined {
  return globs.find((glob) => namePattern(glob)(name));
}
