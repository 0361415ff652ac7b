/**
 * Whether two strings are equal, in time that depends on their length only:
 * every character is compared, whatever differs first, so the time taken
 * tells an attacker nothing about how much of a forged signature was right.
 * The lengths are not secret (a valid signature is always 44 characters).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
