// Generated from package.json by scripts/sync-packages.mjs (run by `pnpm release:dry`
// after `changeset version`); a test fails while the two differ. Do not edit.

/** The version of this package, as its package.json gives it. */
export const packageVersion: string = '0.1.0';
