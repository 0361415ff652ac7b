import {
  EOF,
  getLookaheadPaths,
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IOrAlt,
  type IToken,
  LLkLookaheadStrategy,
  type OptionalProductionType,
  type Rule,
  type TokenType,
} from 'chevrotain';

/**
 * The lookahead paths of every production of the grammar, as Chevrotain's
 * LL(k) analysis computes them, keyed by {@link lookaheadKey}: per
 * alternative (an `OR`'s, or the inside of an `OPTION`/`MANY`/… as its one
 * alternative), its paths; each path the names of its token types.
 */
export type LookaheadTable = Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;

/** The production kinds Chevrotain builds lookahead functions for. */
type ProductionType = 'Alternation' | OptionalProductionType;

/** `rule/Kind/occurrence`, e.g. `predicate/Alternation/2`. */
export function lookaheadKey(rule: string, type: ProductionType, occurrence: number): string {
  return `${rule}/${type}/${occurrence}`;
}

/** The parser's view the lookahead functions run with (`this`). */
interface Lookahead {
  LA_FAST(howMuch: number): IToken;
}

/**
 * A Chevrotain lookahead strategy that builds each lookahead function from
 * paths computed ahead of time (`grammar-lookahead.ts`, which `pnpm grammar`
 * writes and a test keeps current), so constructing the parser skips
 * Chevrotain's path analysis, the larger part of its start-up. The functions
 * are the ones Chevrotain's LL(k) strategy builds from the same paths. A
 * production missing from the table is analysed as Chevrotain would.
 */
export class TableLookaheadStrategy implements ILookaheadStrategy {
  private llk: ILookaheadStrategy | undefined;
  private readonly tokens: ReadonlyMap<string, TokenType>;

  constructor(
    private readonly table: LookaheadTable,
    tokenTypes: readonly TokenType[],
    private readonly maxLookahead: number,
  ) {
    this.tokens = tokensByName(tokenTypes);
  }

  /** Chevrotain's own strategy, for what the table does not cover (made only then: it too costs start-up). */
  private get computed(): ILookaheadStrategy {
    this.llk ??= new LLkLookaheadStrategy({ maxLookahead: this.maxLookahead });
    return this.llk;
  }

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.computed.validate(options);
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const alternatives = this.paths(lookaheadKey(options.rule.name, 'Alternation', options.prodOccurrence));
    if (alternatives === undefined || options.dynamicTokensEnabled) {
      return this.computed.buildLookaheadForAlternation(options);
    }
    return alternationLookahead(alternatives, options.hasPredicates);
  }

  buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
    maxLookahead: number;
    dynamicTokensEnabled: boolean;
  }): () => boolean {
    const alternatives = this.paths(lookaheadKey(options.rule.name, options.prodType, options.prodOccurrence));
    if (alternatives?.[0] === undefined || options.dynamicTokensEnabled) {
      return this.computed.buildLookaheadForOptional(options);
    }
    return optionalLookahead(alternatives[0]);
  }

  /** The table's paths for `key` as token types; `undefined` when absent or naming an unknown token type. */
  private paths(key: string): TokenType[][][] | undefined {
    const alternatives = this.table[key];
    if (alternatives === undefined) return undefined;
    const result: TokenType[][][] = [];
    for (const paths of alternatives) {
      const alternative: TokenType[][] = [];
      for (const names of paths) {
        const path: TokenType[] = [];
        for (const name of names) {
          const type = this.tokens.get(name);
          if (type === undefined) return undefined;
          path.push(type);
        }
        alternative.push(path);
      }
      result.push(alternative);
    }
    return result;
  }
}

/**
 * A lookahead strategy that records the paths Chevrotain's LL(k) analysis
 * computes for each production (into `table`) while building its functions
 * as usual: how `grammar-lookahead.ts` is generated.
 */
export class RecordingLookaheadStrategy implements ILookaheadStrategy {
  readonly table: Record<string, string[][][]> = {};
  private readonly computed: ILookaheadStrategy;

  constructor(maxLookahead: number) {
    this.computed = new LLkLookaheadStrategy({ maxLookahead });
  }

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.computed.validate(options);
  }

  buildLookaheadForAlternation(
    options: Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0],
  ): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
    this.record(options.rule, 'Alternation', options.prodOccurrence, options.maxLookahead);
    return this.computed.buildLookaheadForAlternation(options);
  }

  buildLookaheadForOptional(
    options: Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0],
  ): ReturnType<ILookaheadStrategy['buildLookaheadForOptional']> {
    // Only the paths into an optional production decide whether to enter it.
    this.record(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead, 1);
    return this.computed.buildLookaheadForOptional(options);
  }

  private record(rule: Rule, type: ProductionType, occurrence: number, maxLookahead: number, keep?: number): void {
    const paths = getLookaheadPaths({ occurrence, rule, prodType: type, maxLookahead });
    this.table[lookaheadKey(rule.name, type, occurrence)] = paths
      .slice(0, keep)
      .map((alternative) => alternative.map((path) => path.map((token) => token.name)));
  }
}

/** Every token type by name: the vocabulary, the categories they belong to, and EOF. */
function tokensByName(tokenTypes: readonly TokenType[]): Map<string, TokenType> {
  const byName = new Map<string, TokenType>([[EOF.name, EOF]]);
  const add = (type: TokenType): void => {
    if (byName.has(type.name)) return;
    byName.set(type.name, type);
    for (const category of type.CATEGORIES ?? []) add(category);
  };
  for (const type of tokenTypes) add(type);
  return byName;
}

/** Chevrotain's token type matching: the type itself, or a token of a type in its category. */
function matches(token: IToken, type: TokenType): boolean {
  return (
    token.tokenTypeIdx === type.tokenTypeIdx ||
    (type.isParent === true && type.categoryMatchesMap?.[token.tokenTypeIdx as number] === true)
  );
}

/** Whether the token after the current one begins with one of `path`, token for token. */
function pathMatches(parser: Lookahead, path: readonly TokenType[]): boolean {
  for (let i = 0; i < path.length; i++) {
    if (!matches(parser.LA_FAST(i + 1), path[i] as TokenType)) return false;
  }
  return true;
}

/** The first token types of one-token paths, and those of their categories. */
function firstTokenIndexes(paths: readonly (readonly TokenType[])[]): number[] {
  const indexes: number[] = [];
  for (const path of paths) {
    const type = path[0] as TokenType;
    indexes.push(type.tokenTypeIdx as number, ...(type.categoryMatches ?? []));
  }
  return indexes;
}

/** As Chevrotain's `buildAlternativesLookAheadFunc`: the index of the first alternative a path of which matches. */
function alternationLookahead(
  alternatives: readonly (readonly (readonly TokenType[])[])[],
  hasPredicates: boolean,
): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
  if (hasPredicates) {
    return function (this: Lookahead, orAlts?: IOrAlt<unknown>[]): number | undefined {
      for (let t = 0; t < alternatives.length; t++) {
        const gate = orAlts?.[t]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
        if ((alternatives[t] ?? []).some((path) => pathMatches(this, path))) return t;
      }
      return undefined;
    };
  }
  if (alternatives.every((paths) => paths.every((path) => path.length === 1))) {
    const choice: Record<number, number> = {};
    alternatives.forEach((paths, t) => {
      for (const index of firstTokenIndexes(paths)) if (!(index in choice)) choice[index] = t;
    });
    return function (this: Lookahead): number | undefined {
      return choice[this.LA_FAST(1).tokenTypeIdx as number];
    };
  }
  return function (this: Lookahead): number | undefined {
    for (let t = 0; t < alternatives.length; t++) {
      const paths = alternatives[t] ?? [];
      for (const path of paths) if (pathMatches(this, path)) return t;
    }
    return undefined;
  };
}

/** As Chevrotain's `buildSingleAlternativeLookaheadFunction`: whether a path into the production matches. */
function optionalLookahead(paths: readonly (readonly TokenType[])[]): () => boolean {
  if (paths.every((path) => path.length === 1)) {
    const first = new Set(firstTokenIndexes(paths));
    if (first.size === 1) {
      const [only] = first;
      return function (this: Lookahead): boolean {
        return this.LA_FAST(1).tokenTypeIdx === only;
      };
    }
    const entered: boolean[] = [];
    for (const index of first) entered[index] = true;
    return function (this: Lookahead): boolean {
      return entered[this.LA_FAST(1).tokenTypeIdx as number] === true;
    };
  }
  return function (this: Lookahead): boolean {
    return paths.some((path) => pathMatches(this, path));
  };
}
