/**
 * The one table of every diagnostic code in the wbrules toolchain.
 *
 * Codes are stable: once released, a code keeps its meaning forever (users
 * filter on them in CI and editors). They are banded by phase:
 *
 * | band     | phase                                   |
 * |----------|-----------------------------------------|
 * | WR1xxx   | lexing and parsing (`@wbrules/dsl`)     |
 * | WR2xxx   | name resolution (`@wbrules/compiler`)   |
 * | WR3xxx   | checking (`@wbrules/compiler`)          |
 * | WR4xxx   | decompiling (`@wbrules/compiler`)       |
 * | WR5xxx   | runtime: validation, server, resolution |
 * | WR6xxx   | rule tests and replay                   |
 *
 * Add a code by appending a row; never renumber or reuse one.
 */
export const diagnosticCodes = {
  // Lexing
  WR1001: { severity: 'error', summary: 'a character that cannot start any token' },
  WR1002: { severity: 'error', summary: 'a string with no closing quote' },
  WR1003: { severity: 'error', summary: 'an invalid escape sequence in a string' },
  WR1004: { severity: 'error', summary: 'a lone UTF-16 surrogate in a string' },
  WR1005: { severity: 'error', summary: 'a raw control character inside a string' },
  WR1006: { severity: 'error', summary: 'a malformed number' },
  WR1007: { severity: 'error', summary: 'a string in single quotes or typographic (“smart”) quotes' },
  // Parsing
  WR1101: { severity: 'error', summary: 'a token that does not fit the grammar here' },
  WR1102: { severity: 'error', summary: 'the file ended in the middle of a construct' },
  WR1103: { severity: 'error', summary: 'a header clause given twice on one rule' },
  WR1104: { severity: 'error', summary: 'a slack option given twice on one action' },
  WR1105: { severity: 'error', summary: 'filters or payloads nested deeper than the limit' },
  WR1106: { severity: 'error', summary: 'a `%` where only a plain number is allowed' },
  WR1107: { severity: 'error', summary: 'a template variable outside a JSON string' },
  WR1108: { severity: 'error', summary: 'a comma after the last member or element of a payload or list' },
  // Resolution (@wbrules/compiler)
  WR2001: { severity: 'info', summary: 'the automation name derived for a rule without `automation "NAME"`' },
  WR2002: { severity: 'error', summary: 'two automations with the same name in one scope' },
  WR2003: { severity: 'error', summary: 'an integration name declared twice in one file' },
  WR2004: { severity: 'error', summary: 'a malformed integration target (`"NAME"`, `"ENTITY/NAME"`, `"#channel"`)' },
  WR2005: { severity: 'error', summary: 'a webhook integration name W&B does not allow' },
  WR2006: { severity: 'error', summary: 'a scope with no entry in the ID map' },
  WR2007: { severity: 'error', summary: 'an integration with no entry in the ID map' },
  // Checking (@wbrules/compiler)
  WR3001: { severity: 'error', summary: "an event W&B does not allow on the rule's scope" },
  WR3002: { severity: 'error', summary: 'a rule with no scope (no `in` on the rule and no default before it)' },
  WR3003: { severity: 'error', summary: 'a scope path of the wrong shape' },
  WR3004: { severity: 'error', summary: 'a window size that is not a positive integer' },
  WR3005: { severity: 'error', summary: 'a change amount that is not greater than zero' },
  WR3006: { severity: 'error', summary: 'an aggregation word on a change rule without `within N`' },
  WR3007: { severity: 'error', summary: '`==` or `!=` on a metric condition' },
  WR3008: { severity: 'error', summary: 'a z-score threshold whose sign does not fit the comparison' },
  WR3009: { severity: 'error', summary: '`abs zscore` with `<` or `<=`' },
  WR3010: { severity: 'error', summary: 'a number too large to be a finite double' },
  WR3011: { severity: 'error', summary: 'an integer outside ±(2^63−1)' },
  WR3012: { severity: 'error', summary: 'an unknown run state' },
  WR3013: { severity: 'error', summary: 'a run-state rule with no states' },
  WR3014: { severity: 'error', summary: 'an unknown Slack severity' },
  WR3015: { severity: 'error', summary: 'a filter field the event does not have' },
  WR3016: { severity: 'error', summary: 'a filter operand that is not a string' },
  WR3017: { severity: 'error', summary: 'an empty `in []` / `not in []` list' },
  WR3018: { severity: 'error', summary: 'a `matches` pattern that is not a valid RE2 regular expression' },
  WR3019: { severity: 'error', summary: 'an action naming an integration that is not declared' },
  WR3020: { severity: 'error', summary: 'an action naming an integration of the other kind' },
  WR3021: {
    severity: 'warning',
    summary: 'a template variable (webhook payload or ARIA prompt) W&B does not document for the event',
  },
  WR3022: { severity: 'error', summary: 'a key given twice in one webhook payload object' },
  WR3023: { severity: 'error', summary: 'an automation name longer than 255 code points' },
  WR3024: { severity: 'error', summary: 'an empty automation name' },
  WR3025: { severity: 'warning', summary: 'an integration declaration no rule uses' },
  WR3026: { severity: 'warning', summary: 'a z-score threshold higher than any z-score its window can reach' },
  WR3027: { severity: 'error', summary: 'an ARIA prompt that is empty or longer than 4,000 code points' },
  WR3028: { severity: 'error', summary: 'a secret (`${ACCESS_TOKEN}`, `${SECRET_NAME}`) in an ARIA prompt' },
  WR3029: { severity: 'error', summary: 'an ARIA action on a registry scope (a registry, or a collection in one)' },
  WR3030: {
    severity: 'warning',
    summary: 'a run event at a team or org scope, which the W&B App does not offer (the automation may not show there)',
  },
  // Decompiling (@wbrules/compiler)
  WR4001: { severity: 'error', summary: 'a value that is neither an automation input nor a saved automation' },
  WR4002: { severity: 'error', summary: 'a payload field that is missing or of the wrong type' },
  WR4003: { severity: 'error', summary: 'a payload field the language has no spelling for' },
  WR4004: { severity: 'error', summary: 'a JSON string in a payload that does not parse' },
  WR4005: {
    severity: 'error',
    summary: 'an event type the language cannot write (`UPDATE_ARTIFACT_ALIAS`, `WEAVE_METRIC_THRESHOLD`, ...)',
  },
  WR4006: {
    severity: 'error',
    summary:
      'an action type the language cannot write (`QUEUE_JOB`, `PUSH_NOTIFICATION`, ...), or ARIA in a registry scope',
  },
  WR4007: { severity: 'error', summary: 'a filter field, operator or operand the language cannot write' },
  WR4008: { severity: 'error', summary: 'a filter that is not in the normalized form the SDK sends' },
  WR4009: {
    severity: 'error',
    summary: 'a payload not spelled the way the SDK spells it, so no rule reproduces it byte for byte',
  },
  WR4010: {
    severity: 'error',
    summary: 'a payload value the language cannot write (window, amount, threshold, state, scope, ...)',
  },
  WR4011: { severity: 'error', summary: 'a scope ID with no name; the rule is written commented out' },
  WR4012: { severity: 'error', summary: 'an integration ID with no name; the rule is written commented out' },
  WR4013: {
    severity: 'error',
    summary:
      'a saved scope whose entity, project or organization the response leaves out; the rule is written commented out',
  },
  WR4014: {
    severity: 'error',
    summary: 'a decompiled rule that does not compile back to its payload (internal error)',
  },
  WR4015: { severity: 'error', summary: 'a decompiled rule the checker would reject' },
  WR4016: { severity: 'error', summary: 'two decompiled automations with the same name in one scope' },
  WR4017: {
    severity: 'error',
    summary: 'names given for an ID that do not fit the payload (wrong scope type or integration kind)',
  },
  WR4018: { severity: 'warning', summary: 'a saved Slack channel name without `#`' },
  // Runtime: payload validation (@wbrules/runtime)
  WR5001: {
    severity: 'error',
    summary: 'a payload that does not fit its GraphQL input type (missing, unknown or mistyped field)',
  },
  WR5002: {
    severity: 'error',
    summary: 'a JSON-string field (`eventFilter`, `run_filter`, `requestPayload`) that is not valid JSON',
  },
  WR5003: {
    severity: 'error',
    summary: 'a JSON-string layer of the wrong shape (missing or unknown key, wrong type, unknown enum value)',
  },
  WR5004: {
    severity: 'error',
    summary:
      'a value out of range (a window below 1, a change amount or z-score threshold not above 0, a name over 255 code points, an empty ARIA prompt or one over 4,000)',
  },
  WR5005: { severity: 'error', summary: "an event type W&B does not allow on the payload's scope type" },
  WR5006: {
    severity: 'error',
    summary: 'an event or action type that cannot be created, or an action config that does not match the action type',
  },
  WR5007: { severity: 'error', summary: 'an event filter whose kind does not match `triggeringEventType`' },
  WR5008: {
    severity: 'error',
    summary: 'a filter not wrapped the way the SDK sends it (`{"$or":[{"$and":[…]}]}`, `{"$and":[…]}`)',
  },
  // Runtime: resolving names to IDs (@wbrules/runtime)
  WR5101: { severity: 'error', summary: 'a project W&B does not have' },
  WR5102: { severity: 'error', summary: 'a registry the organization does not have' },
  WR5103: { severity: 'error', summary: 'a collection no artifact type of its project has' },
  WR5104: { severity: 'error', summary: 'a collection name found under several artifact types of its project' },
  WR5105: { severity: 'error', summary: 'a team W&B does not have, or an entity that is not a team' },
  WR5106: { severity: 'error', summary: 'an organization W&B does not have' },
  WR5107: { severity: 'error', summary: 'a webhook integration its entity does not have' },
  WR5108: { severity: 'error', summary: 'a Slack integration (channel) its entity does not have' },
  WR5109: { severity: 'error', summary: 'an entity W&B does not have, where integrations are looked up' },
  // Rule tests and replay (@wbrules/evaluator, `wbrules test`, `wbrules replay`)
  WR6001: { severity: 'error', summary: 'a test file that is not valid YAML' },
  WR6002: { severity: 'error', summary: 'a test-file entry of the wrong type, or missing a required key' },
  WR6003: { severity: 'error', summary: 'a key a test file does not know' },
  WR6004: { severity: 'error', summary: 'an expectation naming an automation the rules files do not define' },
  WR6005: { severity: 'error', summary: 'a malformed metric series' },
  WR6006: { severity: 'error', summary: 'a run with no metrics and no state changes' },
  WR6007: { severity: 'error', summary: 'a malformed run state change (`STATE@STEP`)' },
  WR6008: { severity: 'error', summary: 'an artifact event of an unknown kind, or missing its alias or tag' },
  WR6009: { severity: 'error', summary: 'an expectation naming a run the test case does not have' },
  WR6010: { severity: 'error', summary: 'two runs with the same name in one test case' },
  WR6011: { severity: 'error', summary: 'a rules file a test file names that cannot be read' },
  WR6012: { severity: 'error', summary: 'a test file that names no rules files' },
  WR6013: { severity: 'warning', summary: 'an automation (or part of its filter) the evaluator cannot evaluate' },
  WR6014: { severity: 'error', summary: 'a history line or row that cannot be read' },
  WR6015: { severity: 'error', summary: 'a history file without a step column' },
  WR6016: { severity: 'error', summary: 'a history row whose step is lower than the run’s previous one' },
  // Runtime: plan, apply and pull (@wbrules/runtime, `wbrules plan`/`apply`/`pull`)
  WR5201: { severity: 'error', summary: 'a create, update or delete of an automation that the server refused' },
  WR5202: {
    severity: 'error',
    summary: 'a change to an automation whose outcome the server never confirmed (no answer, even after retries)',
  },
  WR5203: {
    severity: 'warning',
    summary: 'a saved automation `pull` cannot write as a rule (it is written as a comment with the reason)',
  },
  WR5204: { severity: 'error', summary: 'two rules that name the same automation (one scope, one name)' },
  WR5205: {
    severity: 'warning',
    summary:
      'a rule that is not applied because the saved automation it names is kept (wbrules cannot write that automation as a rule)',
  },
  WR5206: {
    severity: 'error',
    summary:
      'an edited unnamed rule whose old automation cannot be told apart: several unmanaged automations with derived names match it',
  },
  // Runtime: server capabilities (@wbrules/runtime, `wbrules plan`/`apply`/`resolve`/`capabilities`)
  WR5301: {
    severity: 'warning',
    summary:
      'a rule whose scope, event or action the server does not advertise (a feature flag it does not enable); an error with --strict-capabilities',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'info'; summary: string }>;

/** A code from the table. */
export type DiagnosticCode = keyof typeof diagnosticCodes;
