/**
 * Whether `text` is ASCII. Names nearly always are, and an ASCII pattern
 * then does what a Unicode-class one (`\p{L}`) would, without compiling the
 * class tables (about a millisecond of every `wbrules` start).
 */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
