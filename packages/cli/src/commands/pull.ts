import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PullError, type PullResult, pullAutomations, WandbClientError } from '@wbrules/runtime';
import { ExitCode, UsageError } from '../exit-code.js';
import { describeFsError } from '../files.js';
import type { Io } from '../io.js';
import { jsonText, plural } from '../output.js';
import { printable, quoted } from '../printable.js';
import { type ServerOptions, serverClient } from '../server-client.js';

/** Options of `wbrules pull`. */
export interface PullCommandOptions extends ServerOptions {
  /** The entity whose automations to pull (default: `WANDB_ENTITY`). */
  readonly entity?: string;
  /** Only this project of the entity (and its collections). */
  readonly project?: string;
  /** The organization whose automations to pull (with `entity`, both). */
  readonly org?: string;
  /** The directory to write into (created if absent). */
  readonly output: string;
  /** Replace files that exist. */
  readonly force?: boolean;
  /** More entities whose integrations rules may name. */
  readonly integrationsFrom?: readonly string[];
  /** Print the summary as JSON. */
  readonly json?: boolean;
}

/**
 * `wbrules pull [--entity E [--project P]] [--org O] [-o DIR]`: writes the
 * automations on the server as `.wbrules` files, one per scope
 * (`project/ENTITY/PROJECT.wbrules`, `registry/ORG/NAME.wbrules`,
 * `collection/ENTITY/PROJECT/NAME.wbrules`, `team/TEAM.wbrules`,
 * `org/ORG.wbrules`), formatted, with integration declarations and the
 * scope written once. `--entity` (default: `WANDB_ENTITY`) pulls the
 * entity's automations, `--org` the organization's; given both, both, each
 * automation once. Automations the language cannot express are written as
 * comments with the reason and counted. Nothing is written when a file
 * exists, unless `--force`. Exit 0 when written, 1 for an entity or
 * organization the server does not have, 2 for usage errors, existing
 * files and a server that cannot be used.
 */
export async function pullCommand(
  options: PullCommandOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ExitCode> {
  const entity = options.entity ?? (env.WANDB_ENTITY === '' ? undefined : env.WANDB_ENTITY);
  if (entity === undefined && options.org === undefined)
    throw new UsageError(
      'give the entity to pull from (--entity NAME, or WANDB_ENTITY), the organization (--org NAME), or both',
    );
  if (options.project !== undefined && entity === undefined)
    throw new UsageError('--project needs the entity that owns it (--entity NAME, or WANDB_ENTITY)');
  const server = serverClient('pull', options, rawIo, env);
  // From here on, all output goes through the filter that keeps the key out.
  const io = server.io;
  let result: PullResult;
  try {
    await server.capabilities();
    result = await pullAutomations(server.api, {
      ...(entity === undefined ? {} : { entity }),
      ...(options.project === undefined ? {} : { project: options.project }),
      ...(options.org === undefined ? {} : { org: options.org }),
      ...(options.integrationsFrom === undefined ? {} : { integrationEntities: options.integrationsFrom }),
    });
  } catch (error) {
    if (error instanceof PullError) {
      io.stderr(`wbrules: ${printable(error.message)}\n`);
      return ExitCode.failed;
    }
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  }
  const targets = result.files.map((file) => ({ file, path: join(options.output, ...file.path.split('/')) }));
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length > 0 && options.force !== true) {
    io.stderr(
      `wbrules: not pulling: ${plural(existing.length, 'file')} would be replaced (${existing
        .map((t) => t.path)
        .join(', ')}); pass --force to replace them\n`,
    );
    return ExitCode.usage;
  }
  for (const { file, path } of targets) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create the directory "${dirname(path)}": ${describeFsError(error)}`);
    }
    server.writeFile(path, file.text);
  }
  const warn = io.quiet === true ? () => {} : io.stderr;
  for (const warning of result.warnings) warn(`warning[${warning.code}]: ${printable(warning.message)}\n`);
  for (const { file, path } of targets) {
    for (const skipped of file.skipped) {
      warn(
        `${path}: warning[WR5203]: automation ${quoted(skipped.name)} (${printable(skipped.id)}) is written as a comment: ${printable(skipped.reasons.join('; '))}\n`,
      );
    }
  }
  for (const { id } of result.kept) {
    warn(
      `warning: automation ${printable(id)} is not written: its name or fields hold the API key, so it stays on the server as it is ("wbrules plan" lists it as kept)\n`,
    );
  }
  if (options.json === true) {
    io.stdout(
      jsonText({
        files: targets.map(({ file, path }) => ({
          path,
          scope: file.scope,
          rules: file.rules,
          skipped: file.skipped,
        })),
        automations: result.automations,
        rules: result.rules,
        skipped: result.skipped,
        kept: result.kept,
        requests: server.client.stats.attempts,
      }),
    );
    return ExitCode.ok;
  }
  for (const { file, path } of targets) {
    const notes = file.skipped.length > 0 ? `, ${file.skipped.length} as comments` : '';
    io.stdout(`wrote ${path} (${plural(file.rules, 'rule')}${notes})\n`);
  }
  const parts = [plural(result.rules, 'rule')];
  if (result.skipped > 0)
    parts.push(
      `${plural(result.skipped, 'automation')} written as ${result.skipped === 1 ? 'a comment' : 'comments'} with the reason ${result.skipped === 1 ? 'it is' : 'they are'} not a rule`,
    );
  if (result.kept.length > 0)
    parts.push(
      `${plural(result.kept.length, 'automation')} not written because ${result.kept.length === 1 ? 'it holds' : 'they hold'} the API key`,
    );
  const written = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
  const sources = [
    ...(entity === undefined ? [] : [`entity ${JSON.stringify(entity)}`]),
    ...(options.org === undefined ? [] : [`organization ${JSON.stringify(options.org)}`]),
  ].join(' and ');
  io.stdout(
    `Pulled ${plural(result.automations, 'automation')} of ${sources} into ${plural(targets.length, 'file')}: ${written} (${plural(server.client.stats.attempts, 'HTTP request')}).\n`,
  );
  return ExitCode.ok;
}
