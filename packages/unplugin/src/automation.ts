import type { CreateFilterTriggerInput, ScopeType } from '@wbrules/compiler';
import type { ScopeKind } from '@wbrules/dsl';

/**
 * One compiled automation as an import of a `.wbrules` file yields it: the
 * entry `wbrules compile` prints for it, key for key (the compiler's
 * `compileEntry`), so the same file gives the same objects either way.
 */
export interface WbrulesAutomation {
  /** The automation's name on the server (written, or derived from the rule). */
  readonly name: string;
  /** The file the rule is in, relative to the plugin's `root`, with `/` separators. */
  readonly file: string;
  /** The 1-based line of the rule's first token. */
  readonly line: number;
  /** The scope as written; an ID map turns it into `input.scopeID`. */
  readonly scope: {
    readonly kind: ScopeKind;
    readonly path: string;
    readonly type: ScopeType;
    readonly entity: string;
  };
  /** The integration the action uses; absent for `-> nothing`. */
  readonly integration?: {
    readonly kind: 'webhook' | 'slack';
    readonly name: string;
    readonly entity: string;
    /** `<entity>/<name>`: the key of the ID map's `webhooks` or `slack` section. */
    readonly key: string;
  };
  /** The `CreateFilterTriggerInput` payload W&B's `createFilterTrigger` mutation takes. */
  readonly input: CreateFilterTriggerInput;
}
