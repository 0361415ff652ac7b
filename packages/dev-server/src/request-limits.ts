import { type DocumentNode, Kind, Lexer, type SelectionSetNode, Source, TokenKind } from 'graphql';

/**
 * How much one request may ask of the local server, so that no request —
 * least of all one without a key, which is refused before its body is read —
 * can stall the others or exhaust memory: the body's size, how deeply the
 * body and its GraphQL document nest, and how many aliased fields (the way
 * one document asks for the same work many times) the document holds.
 * Nesting is measured on the text before anything recursive runs (JSON and
 * GraphQL parsers recurse once per level), then again on the parsed
 * document with fragments counted where they are spread.
 */

/** The limits of one request. */
export interface RequestLimits {
  /** The largest body, in bytes (HTTP 413 above it). */
  readonly maxBodyBytes: number;
  /**
   * The deepest nesting of the JSON body and of the document: its selection
   * sets (through the fragments spread into them), brackets and parentheses.
   */
  readonly maxDepth: number;
  /** The most aliased fields in one document, fragments counted at each spread. */
  readonly maxAliases: number;
}

/**
 * The defaults: 5 MB (a batch of 1,000 automations is about 1 MB), depth 20
 * (the runtime's deepest document, a listing, nests 9; the introspection query
 * about 13), 1,000 aliases (a batched apply uses one per mutation, 50 by
 * default: `--batch-size` up to 1,000 fits; an aliased lookup one per name,
 * at most 50, and an aliased listing three per entity, at most 10 entities).
 */
export const defaultRequestLimits: RequestLimits = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxDepth: 20,
  maxAliases: 1000,
};

/** Whether JSON text nests arrays and objects deeper than `max`, read without parsing it. */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/**
 * Whether a GraphQL document's text nests braces, brackets and parentheses
 * deeper than `max`, read token by token (strings and comments do not count)
 * without parsing it. Throws the lexer's `GraphQLError` for text that is not
 * GraphQL.
 */
export function documentTextDeeperThan(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    switch (token.kind) {
      case TokenKind.BRACE_L:
      case TokenKind.BRACKET_L:
      case TokenKind.PAREN_L:
        if (++depth > max) return true;
        break;
      case TokenKind.BRACE_R:
      case TokenKind.BRACKET_R:
      case TokenKind.PAREN_R:
        depth--;
        break;
      default:
    }
  }
  return false;
}

/**
 * The depth and the aliased fields of a parsed document. Depth counts the
 * selection sets on the way down, a spread fragment's own among them (so a
 * chain of fragments spread into each other is as deep as it is long), and
 * a fragment's aliases count at every place it is spread, so fragments
 * cannot multiply work unseen. Both stop growing just past their limit, so
 * the walk stays short whatever the document; a fragment that spreads itself
 * counts as empty (validation refuses it afterwards).
 */
export function documentCost(document: DocumentNode, limits: Pick<RequestLimits, 'maxDepth' | 'maxAliases'>): Cost {
  const { maxDepth, maxAliases } = limits;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const over: Cost = { depth: maxDepth + 1, aliases: 0 };
  const known = new Map<string, Cost>();
  const inProgress = new Set<string>();
  const ofSet = (set: SelectionSetNode, level: number): Cost => {
    if (level > maxDepth) return over;
    let depth = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      let inner: Cost;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias !== undefined) aliases++;
        inner =
          selection.selectionSet === undefined ? { depth: 0, aliases: 0 } : ofSet(selection.selectionSet, level + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) inner = ofSet(selection.selectionSet, level + 1);
      else inner = ofFragment(selection.name.value, level + 1);
      depth = Math.min(Math.max(depth, inner.depth), maxDepth + 1);
      aliases = Math.min(aliases + inner.aliases, maxAliases + 1);
    }
    return { depth: depth + 1, aliases };
  };
  const ofFragment = (name: string, level: number): Cost => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    const set = fragments.get(name);
    if (set === undefined || inProgress.has(name)) return { depth: 0, aliases: 0 };
    inProgress.add(name);
    const cost = ofSet(set, level);
    inProgress.delete(name);
    known.set(name, cost);
    return cost;
  };
  let depth = 0;
  let aliases = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const cost = ofSet(definition.selectionSet, 1);
    depth = Math.max(depth, cost.depth);
    aliases = Math.min(aliases + cost.aliases, maxAliases + 1);
  }
  return { depth, aliases };
}

/** What {@link documentCost} measures. */
export interface Cost {
  readonly depth: number;
  readonly aliases: number;
}
