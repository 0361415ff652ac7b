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
  // Parsing
  WR1101: { severity: 'error', summary: 'a token that does not fit the grammar here' },
  WR1102: { severity: 'error', summary: 'the file ended in the middle of a construct' },
  WR1103: { severity: 'error', summary: 'a header clause given twice on one rule' },
  WR1104: { severity: 'error', summary: 'a slack option given twice on one action' },
  WR1105: { severity: 'error', summary: 'filters or payloads nested deeper than the limit' },
  WR1106: { severity: 'error', summary: 'a `%` where only a plain number is allowed' },
  WR1107: { severity: 'error', summary: 'a template variable outside a JSON string' },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'info'; summary: string }>;

/** A code from the table. */
export type DiagnosticCode = keyof typeof diagnosticCodes;
