import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExitCode, UsageError } from '../exit-code.js';
import { describeFsError } from '../files.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { processTerminal, type Terminal } from '../terminal.js';

/** The options of `wbrules init`. */
export interface InitCommandOptions {
  /** The entity (team or user) the rules' project belongs to. */
  readonly entity?: string;
  /** The project: `PROJECT`, or `ENTITY/PROJECT` as `in project` writes it. */
  readonly project?: string;
  /** Also write a CI workflow for this service. */
  readonly ci?: 'github';
}

/** The scope written when none is given and there is no terminal to ask on. */
export const placeholderScope = { entity: 'my-team', project: 'my-project' } as const;

/**
 * The templates, by name (packages/cli/templates/), as JSON; the bundle has
 * them inlined. A string, not an object: esbuild would make an object a
 * module that every chunk initializes at start-up.
 */
declare const __WBRULES_INIT_TEMPLATES__: string | undefined;

function template(name: string): string {
  if (typeof __WBRULES_INIT_TEMPLATES__ === 'string') {
    const text = (JSON.parse(__WBRULES_INIT_TEMPLATES__) as Readonly<Record<string, string | undefined>>)[name];
    if (text !== undefined) return text;
  }
  return readFileSync(new URL(`../../templates/${name}`, import.meta.url), 'utf8');
}

/** The folder the rules and their tests go in, as the GitHub workflow expects them. */
const rulesFolder = 'automations';

/** One file `init` writes: where (relative to DIR) and what. */
interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
  /** Said after "wrote PATH". */
  readonly note?: string;
}

/**
 * The files `wbrules init` writes for the project `entity/project`: the rules
 * (commented examples that compile with no integrations), a rule-test file
 * that passes, and with `ci: 'github'` the workflow of examples/ci/.
 */
export function scaffoldFiles(scope: { entity: string; project: string }, ci?: 'github'): ScaffoldFile[] {
  const placeholder = `${placeholderScope.entity}/${placeholderScope.project}`;
  const files: ScaffoldFile[] = [
    {
      path: `${rulesFolder}/rules.wbrules`,
      text: template('rules.wbrules').replaceAll(placeholder, `${scope.entity}/${scope.project}`),
    },
    { path: `${rulesFolder}/rules.wbrules-test.yaml`, text: template('rules.wbrules-test.yaml') },
  ];
  if (ci === 'github') {
    files.push({
      path: '.github/workflows/automations.yml',
      text: template('github-actions.yml'),
      note: 'it runs "npx wbrules": add it with "npm install --save-dev wbrules", and the secret WANDB_API_KEY',
    });
  }
  return files;
}

/**
 * `wbrules init [DIR]`: writes a starting point into DIR (created if absent)
 * and prints the next three commands to run. Never overwrites: when any of
 * the files exists, writes nothing and exits 1, naming them.
 */
export async function initCommand(
  dir: string,
  options: InitCommandOptions,
  io: Io,
  terminal: Terminal = processTerminal(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ExitCode> {
  const scope = await initScope(options, io, terminal, env);
  const files = scaffoldFiles(scope, options.ci);
  const shown = (path: string): string => (dir === '.' ? path : join(dir, path).replaceAll('\\', '/'));
  const existing = files.map((f) => f.path).filter((path) => exists(join(dir, path)));
  if (existing.length > 0) {
    io.stderr(
      `wbrules: init writes nothing, since ${existing.length === 1 ? 'this file exists' : 'these files exist'}: ${existing.map((p) => printable(shown(p))).join(', ')}\n`,
    );
    return ExitCode.failed;
  }
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text, { flag: 'wx' });
      written.push(path);
    } catch (error) {
      // All or nothing: take back what was written before the failure.
      for (const done of written) rmSync(done, { force: true });
      throw new UsageError(`cannot write ${shown(file.path)}: ${describeFsError(error)}`);
    }
  }
  for (const file of files) {
    io.stdout(`wrote ${printable(shown(file.path))}${file.note === undefined ? '' : ` (${file.note})`}\n`);
  }
  const rules = shellWord(shown(rulesFolder));
  io.stdout(
    [
      '',
      'Next:',
      `  wbrules check ${rules}     # every error and warning, at its line`,
      `  wbrules test ${rules}      # run the rule tests`,
      `  wbrules compile ${rules}   # the payloads W&B will receive`,
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}

/**
 * The entity and project the rules watch: from `--entity`/`--project`, else
 * asked for on a terminal, else the placeholders (said on stderr). The
 * entity's default is `WANDB_ENTITY`, as for `pull`.
 */
export async function initScope(
  options: InitCommandOptions,
  io: Io,
  terminal: Terminal,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ entity: string; project: string }> {
  let entity = options.entity;
  let project = options.project;
  if (project?.includes('/')) {
    const [fromProject, name, ...rest] = project.split('/');
    if (rest.length > 0) throw new UsageError(`--project "${project}": expected PROJECT or ENTITY/PROJECT`);
    if (entity !== undefined && entity !== fromProject) {
      throw new UsageError(`--entity "${entity}" and --project "${project}" name different entities`);
    }
    entity = fromProject;
    project = name;
  }
  const defaults = { entity: nonEmpty(env.WANDB_ENTITY) ?? placeholderScope.entity, project: placeholderScope.project };
  if ((entity === undefined || project === undefined) && terminal.interactive) {
    entity ??= (await terminal.ask(`W&B entity (a team or user) [${defaults.entity}]: `)).trim() || defaults.entity;
    project ??= (await terminal.ask(`W&B project [${defaults.project}]: `)).trim() || defaults.project;
  }
  const scope = { entity: entity ?? defaults.entity, project: project ?? defaults.project };
  if ((entity === undefined || project === undefined) && io.quiet !== true) {
    io.stderr(
      `wbrules: no --project ENTITY/PROJECT and no terminal to ask on, so the rules watch "${scope.entity}/${scope.project}": edit their "in project" line\n`,
    );
  }
  for (const [what, name] of Object.entries(scope)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new UsageError(`the ${what} "${name}" is not a W&B name: letters, digits, "-", "_" and "." only`);
    }
  }
  return scope;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Whether anything (a file, a folder, a dangling link) is at `path`. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return existsSync(path);
  }
}

/** `path` as one word a POSIX shell reads back unchanged. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
