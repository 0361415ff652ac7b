import { readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** As many links as Linux follows before it gives up with `ELOOP`. */
const maxLinks = 40;

/**
 * The absolute path a chain of symbolic links starting at `path` ends at;
 * `path` itself (made absolute) when it is not a link. Unlike `realpath`,
 * the end need not exist, so a link to a file not yet created names where
 * that file will be. Only the last component is followed: directories on
 * the way are left as they are, which is all a rename beside the file needs.
 * Throws `ELOOP` for a cycle, and the file system's other errors as they are.
 */
export function linkTarget(path: string): string {
  let current = resolve(path);
  for (let followed = 0; ; followed++) {
    let target: string;
    try {
      target = readlinkSync(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EINVAL: not a link; ENOENT: nothing there (yet).
      if (code === 'EINVAL' || code === 'ENOENT') return current;
      throw error;
    }
    if (followed === maxLinks) {
      throw Object.assign(new Error(`ELOOP: too many symbolic links, "${path}"`), { code: 'ELOOP', path });
    }
    current = resolve(dirname(current), target);
  }
}
