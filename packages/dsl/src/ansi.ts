/**
 * Terminal colour for the toolchain's human-readable output (code frames,
 * plans): one table of ANSI SGR codes and one way to apply them. Callers
 * decide whether colour is on (a terminal, `NO_COLOR` unset).
 */

/** The ANSI SGR escape sequences used; concatenate two for both (`ansi.bold + ansi.red`). */
export const ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  cyan: '\x1b[36m',
} as const;

/** `paint(style, s)`: `s` in `style` when `color` is on and `s` is not empty; `s` itself otherwise. */
export function painter(color: boolean): (style: string, s: string) => string {
  return (style, s) => (color && s !== '' ? `${style}${s}${ansi.reset}` : s);
}
