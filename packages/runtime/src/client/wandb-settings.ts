import { join } from 'node:path';

/**
 * The wandb SDK's global settings file, where `wandb login --host URL`
 * writes `base_url`: `$WANDB_CONFIG_DIR/settings`, else
 * `~/.config/wandb/settings`. It is an INI file written by Python's
 * `configparser`, read here the way `configparser` reads it: `[section]`
 * headers, `key = value` or `key: value` (keys case-insensitive, both sides
 * trimmed), whole-line comments starting with `#` or `;`, an indented line
 * continuing the value above it, `%%` standing for `%`, and the `[DEFAULT]`
 * section supplying keys every other section lacks. The SDK's own section
 * is the lowercase `[default]`:
 *
 * ```ini
 * [default]
 * base_url = https://wandb.example.com
 * ```
 */

/** The settings file: `$WANDB_CONFIG_DIR/settings`, else `<home>/.config/wandb/settings`. */
export function wandbSettingsPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const dir = env.WANDB_CONFIG_DIR;
  return join(dir !== undefined && dir !== '' ? dir : join(home, '.config', 'wandb'), 'settings');
}

/** The value of `key` in `section` of INI text, if it is there. Never throws. */
export function iniValue(text: string, section: string, key: string): string | undefined {
  const wanted = key.toLowerCase();
  const found = new Map<string, string>();
  let current: string | undefined;
  /** Whether the line above is (part of) a value, which an indented line continues. */
  let inValue = false;
  /** The key of that value, when it is one this function wants. */
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (inValue && /^\s/.test(line)) {
      if (last !== undefined) found.set(last, `${found.get(last)}\n${trimmed}`);
      continue;
    }
    inValue = false;
    last = undefined;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header !== null) {
      current = header[1];
      continue;
    }
    const separator = trimmed.search(/[=:]/);
    if (current === undefined || separator <= 0) continue;
    inValue = true;
    const name = trimmed.slice(0, separator).trim().toLowerCase();
    if (name !== wanted || (current !== section && current !== 'DEFAULT')) continue;
    last = `${current}\0${name}`;
    found.set(last, trimmed.slice(separator + 1).trim());
  }
  const value = found.get(`${section}\0${wanted}`) ?? found.get(`DEFAULT\0${wanted}`);
  return value?.replaceAll('%%', '%');
}
