import type { IdMap } from '@wbrules/compiler';

/** Options of the wbrules bundler plugin (every bundler takes the same). */
export interface WbrulesOptions {
  /**
   * An ID map (`{projects: {"acme/vision": "UHJvamVjdDox"}, …}`): with it every
   * `scopeID` and `integrationID` is filled, and a name missing from it fails
   * the build at the rule that uses it, as `wbrules compile --ids` does.
   */
  readonly ids?: IdMap;
  /**
   * The path of an ID map file, as `wbrules resolve -o ids.json` writes it
   * (relative paths from `root`). It is read on every build and watched, so
   * a new `wbrules resolve` recompiles the imports. Not with `ids`.
   */
  readonly idsFile?: string;
  /**
   * The folder each entry's `file` is relative to (default: Vite's `root`,
   * else the working directory), so the entries match what `wbrules compile`
   * run there prints.
   */
  readonly root?: string;
}
