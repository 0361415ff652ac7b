import {
  buildASTSchema,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  GraphQLScalarType,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
} from 'graphql';
import { wandbSchema, wandbSchemaSdl } from '@wbrules/runtime';

/**
 * Capability profiles: which W&B server the local server pretends to be.
 * A profile decides what `serverInfo` advertises and the schema requests
 * are validated and executed against — a fragment on a type the profile
 * lacks, or a field it lacks, is a GraphQL validation error, as on that
 * server — and which automations it refuses to create.
 *
 * Version facts (docs/dev-server.md has the sources): the feature flags are
 * the SDK's (spec §3.1); `Entity.triggers` (`QUERY_AUTOMATIONS_ON_ENTITY`)
 * and team/org scopes (`AUTOMATION_SCOPE_ENTITY`) need server v0.83+ (spec
 * §5, §8.3); ARIA is Multi-tenant Cloud only (spec §6.5); run events need
 * Dedicated Cloud ≥ 0.81 and are not on Self-Managed (issue 15).
 */

/** The names `--profile` takes, the default first. */
export const profileNames = ['saas', 'dedicated-0.81', 'self-managed-0.75', 'no-features-field'] as const;

/** A profile's name. */
export type ProfileName = (typeof profileNames)[number];

/** What a profile is. */
export interface ServerProfile {
  readonly name: ProfileName;
  /** One line for `--help` and the start-up message. */
  readonly summary: string;
  /** The flags `serverInfo.features` lists, all enabled; `null`: `ServerInfo` has no `features` field. */
  readonly features: readonly string[] | null;
  /** `Entity.triggers` and `Organization.triggers` exist (server v0.83+). */
  readonly entityListing: boolean;
  /** `Entity` is a member of the `TriggerScope` union, and ENTITY scopes can be created. */
  readonly entityScope: boolean;
  /** `ARIATriggeredAction`, `ARIAActionInput`, `ariaActionInput` and the `ARIA` action type exist. */
  readonly aria: boolean;
  /** Event types refused on create and update, with a GraphQL error (assumed message: see {@link refusal}). */
  readonly refusedEvents: readonly string[];
}

const eventFlags = [
  'AUTOMATION_EVENT_UNLINK_ARTIFACT',
  'AUTOMATION_EVENT_ADD_ARTIFACT_TAG',
  'AUTOMATION_EVENT_REMOVE_ARTIFACT_TAG',
  'AUTOMATION_EVENT_ADD_COLLECTION_TAG',
  'AUTOMATION_EVENT_REMOVE_COLLECTION_TAG',
  'AUTOMATION_EVENT_RUN_METRIC_ZSCORE',
];

const runEvents = ['RUN_METRIC', 'RUN_METRIC_CHANGE', 'RUN_METRIC_ZSCORE', 'RUN_STATE'];

/** Every profile by name. */
export const profiles: Readonly<Record<ProfileName, ServerProfile>> = {
  saas: {
    name: 'saas',
    summary: 'Multi-tenant Cloud: every feature (the default)',
    features: ['AUTOMATION_SCOPE_ENTITY', 'QUERY_AUTOMATIONS_ON_ENTITY', ...eventFlags, 'AUTOMATION_ACTION_ARIA'],
    entityListing: true,
    entityScope: true,
    aria: true,
    refusedEvents: [],
  },
  'dedicated-0.81': {
    name: 'dedicated-0.81',
    summary: 'Dedicated Cloud v0.81: no entity listing, no team/org scopes, no ARIA',
    features: eventFlags,
    entityListing: false,
    entityScope: false,
    aria: false,
    refusedEvents: [],
  },
  'self-managed-0.75': {
    name: 'self-managed-0.75',
    summary: 'Self-Managed v0.75: as dedicated-0.81, and run events are refused on create',
    features: eventFlags,
    entityListing: false,
    entityScope: false,
    aria: false,
    refusedEvents: runEvents,
  },
  'no-features-field': {
    name: 'no-features-field',
    summary:
      'an older server whose serverInfo has no features field: as self-managed-0.75, and the flag-gated events are refused too',
    features: null,
    entityListing: false,
    entityScope: false,
    aria: false,
    refusedEvents: [...runEvents, ...eventFlags.map((f) => f.slice('AUTOMATION_EVENT_'.length))].filter(
      (e, i, all) => all.indexOf(e) === i,
    ),
  },
};

/** The profile of a name, or `undefined` for a name no profile has. */
export function profileNamed(name: string): ServerProfile | undefined {
  return (profileNames as readonly string[]).includes(name) ? profiles[name as ProfileName] : undefined;
}

/** What `serverInfo` answers under a profile. */
export function serverInfoOf(profile: ServerProfile): Record<string, unknown> {
  if (profile.features === null) return { cliVersionInfo: '{}' };
  return { features: profile.features.map((name) => ({ name, isEnabled: true })) };
}

/**
 * Why a profile refuses a create or update input (the fields it gives), or
 * `undefined`. The messages are assumed (W&B's own are not documented):
 * a GraphQL error in the response's `errors`, as a server's resolver
 * raises it.
 */
export function refusal(profile: ServerProfile, input: Readonly<Record<string, unknown>>): string | undefined {
  const event = input.triggeringEventType;
  if (typeof event === 'string' && profile.refusedEvents.includes(event))
    return `triggering event type ${event} is not supported on this server`;
  if (input.scopeType === 'ENTITY' && !profile.entityScope) return 'scope type ENTITY is not supported on this server';
  return undefined;
}

const built = new Map<ProfileName, GraphQLSchema>();

/** The schema a profile validates and executes against (built once per profile). */
export function profileSchema(profile: ServerProfile): GraphQLSchema {
  if (profile.name === 'saas') return wandbSchema();
  let schema = built.get(profile.name);
  if (schema === undefined) {
    schema = buildASTSchema(profileDocument(profile));
    // The runtime's string-only JSONString and DateTime, not graphql-js's identity scalars.
    for (const name of ['JSONString', 'DateTime']) {
      const strict = wandbSchema().getType(name);
      const here = schema.getType(name);
      if (strict instanceof GraphQLScalarType && here instanceof GraphQLScalarType) {
        here.serialize = strict.serialize;
        here.parseValue = strict.parseValue;
        here.parseLiteral = strict.parseLiteral;
      }
    }
    built.set(profile.name, schema);
  }
  return schema;
}

/** The runtime's SDL without what the profile lacks: fields, union members, enum values, types. */
export function profileDocument(profile: ServerProfile): DocumentNode {
  const document = parse(wandbSchemaSdl);
  const droppedTypes = new Set<string>();
  if (!profile.aria) droppedTypes.add('ARIATriggeredAction').add('ARIAActionInput');
  if (profile.features === null) droppedTypes.add('ServerFeature');
  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name !== undefined && droppedTypes.has(definition.name.value)) continue;
    definitions.push(trimmed(definition, profile, droppedTypes));
  }
  return { ...document, definitions };
}

function serverInfoStandIn(): readonly FieldDefinitionNode[] {
  const [definition] = parse('type ServerInfo { cliVersionInfo: JSONString }').definitions;
  return (definition as ObjectTypeDefinitionNode).fields ?? [];
}

function trimmed(definition: DefinitionNode, profile: ServerProfile, dropped: ReadonlySet<string>): DefinitionNode {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION: {
      const name = definition.name.value;
      const lacks = (field: string) =>
        (!profile.entityListing && (name === 'Entity' || name === 'Organization') && field === 'triggers') ||
        (profile.features === null && name === 'ServerInfo' && field === 'features');
      let fields = (definition.fields ?? []).filter((f) => !lacks(f.name.value));
      // An older server's ServerInfo has other fields; one stands in for them.
      if (name === 'ServerInfo' && profile.features === null) fields = [...fields, ...serverInfoStandIn()];
      return { ...definition, fields };
    }
    case Kind.UNION_TYPE_DEFINITION: {
      const name = definition.name.value;
      const types = (definition.types ?? []).filter(
        (t) =>
          !dropped.has(t.name.value) && !(name === 'TriggerScope' && !profile.entityScope && t.name.value === 'Entity'),
      );
      return { ...definition, types };
    }
    case Kind.ENUM_TYPE_DEFINITION: {
      if (definition.name.value !== 'TriggeredActionType' || profile.aria) return definition;
      return { ...definition, values: (definition.values ?? []).filter((v) => v.name.value !== 'ARIA') };
    }
    case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
      const fields = (definition.fields ?? []).filter((f) => {
        const type = f.type.kind === Kind.NON_NULL_TYPE ? f.type.type : f.type;
        return !(type.kind === Kind.NAMED_TYPE && dropped.has(type.name.value));
      });
      return { ...definition, fields };
    }
    default:
      return definition;
  }
}
