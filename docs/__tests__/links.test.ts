import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { anchors, githubSlug, links } from './markdown.js';

/**
 * Every relative link in README.md and docs/*.md resolves: the file or folder
 * exists inside the repository, and a `#fragment` names a heading of the
 * target (GitHub's anchors), so a page can move or a heading be renamed only
 * together with the links to it.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let found = anchorCache.get(file);
  if (found === undefined) {
    found = anchors(readFileSync(file, 'utf8'));
    anchorCache.set(file, found);
  }
  return found;
}

/** What is wrong with a link from `page`, or undefined when it resolves. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
  const hash = target.indexOf('#');
  const pathPart = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  const fragment = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const file = pathPart === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(pathPart));
  const inside = relative(root, file);
  if (inside.startsWith(`..${sep}`) || inside === '..') return 'points outside the repository';
  if (!existsSync(file)) return `${inside} does not exist`;
  if (fragment === undefined || fragment === '') return undefined;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `#${fragment}: only Markdown pages have anchors`;
  return anchorsOf(file).has(fragment) ? undefined : `${inside} has no heading with the anchor #${fragment}`;
}

describe('GitHub heading anchors', () => {
  test.each([
    ['Connecting to W&B', 'connecting-to-wb'],
    ['`wbrules plan`', 'wbrules-plan'],
    ['Automations as code: `plan`, `apply`, `pull`', 'automations-as-code-plan-apply-pull'],
    ['WR1101', 'wr1101'],
    ['WR50xx: payload validation', 'wr50xx-payload-validation'],
    ['`wbrules validate <payloads.json>`', 'wbrules-validate-payloadsjson'],
    ['Identity: what "the same automation" means', 'identity-what-the-same-automation-means'],
    ['The [ID map](cli.md) and you', 'the-id-map-and-you'],
    ['snake_case stays', 'snake_case-stays'],
  ])('%s → #%s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  test('a repeated heading gets a numbered anchor, and code blocks hold no headings', () => {
    expect([...anchors('# A\n\n## Same\n\n```sh\n# not a heading\n```\n\n## Same\n')]).toEqual(['a', 'same', 'same-1']);
  });
});

describe.each(pages)('%s', (page) => {
  const text = readFileSync(join(root, page), 'utf8');
  const found = links(text);

  test('every relative link resolves, anchors included', () => {
    const broken = found.flatMap(({ target, line }) => {
      const problem = brokenLink(page, target);
      return problem === undefined ? [] : [`${page}:${line}: (${target}) ${problem}`];
    });
    expect(broken).toEqual([]);
  });
});

test('the link reader sees links and skips code', () => {
  const sample = [
    'See [the CLI](docs/cli.md#one-vocabulary), ![a picture](docs/playground.png) and `[not](a-link.md)`.',
    '',
    '```md',
    '[also not](nowhere.md)',
    '```',
    '[ref]: docs/testing.md',
  ].join('\n');
  expect(links(sample).map((l) => l.target)).toEqual([
    'docs/cli.md#one-vocabulary',
    'docs/playground.png',
    'docs/testing.md',
  ]);
});
