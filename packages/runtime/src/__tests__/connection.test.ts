import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ClientConfigError,
  type Connection,
  type ConnectionOptions,
  iniValue,
  isLoopback,
  netrcPassword,
  parseNetrc,
  proxyFromEnvironment,
  proxyLabel,
  resolveConnection,
} from '../index.js';

/**
 * W&B's own conventions for finding the server, the key and the proxy, as
 * `resolveConnection` reads them. Every case runs over an in-memory home:
 * `files` maps paths to contents and nothing else exists, so the machine's
 * real `~/.netrc` and wandb settings are never read.
 */

const home = join('/', 'home', 'u');
const settingsFile = join(home, '.config', 'wandb', 'settings');
const netrcFile = join(home, '.netrc');
/** A key in `WANDB_API_KEY` (any will do, of at least 8 characters). */
const envKey = 'env-key-3f9a1c7e';

/** `resolveConnection` with `HOME` at {@link home}, where only `files` exist. */
function resolveIn(files: Readonly<Record<string, string>>, options: ConnectionOptions = {}): Connection {
  return resolveConnection({ ...options, env: { HOME: home, ...options.env }, readFile: (path) => files[path] });
}

/** What `wandb login --host URL` leaves behind: the host in the settings file, the key in ~/.netrc. */
function loggedIn(url: string, key = 'netrc-key'): Record<string, string> {
  return {
    [settingsFile]: `[default]\nbase_url = ${url}\n`,
    [netrcFile]: `machine ${new URL(url).hostname}\n  login user\n  password ${key}\n`,
  };
}

describe('the base URL: --base-url, then WANDB_BASE_URL, then the wandb settings file, then api.wandb.ai', () => {
  const files = loggedIn('https://wandb.example.com');
  const cases: [string, ConnectionOptions, string, Connection['baseUrlSource']][] = [
    ['nothing set', { env: { WANDB_API_KEY: envKey } }, 'https://api.wandb.ai', 'default'],
    ['only what wandb login --host saved', {}, 'https://wandb.example.com', 'settings'],
    [
      'WANDB_BASE_URL over the settings file',
      { env: { WANDB_BASE_URL: 'https://env.example.com', WANDB_API_KEY: envKey } },
      'https://env.example.com',
      'WANDB_BASE_URL',
    ],
    [
      '--base-url over everything',
      {
        baseUrl: 'https://flag.example.com/',
        env: { WANDB_BASE_URL: 'https://env.example.com', WANDB_API_KEY: envKey },
      },
      'https://flag.example.com',
      'option',
    ],
    ['an empty WANDB_BASE_URL is unset', { env: { WANDB_BASE_URL: '' } }, 'https://wandb.example.com', 'settings'],
  ];
  test.each(cases)('%s', (_, options, baseUrl, source) => {
    const only = source === 'default' ? {} : files;
    expect(resolveIn(only, options)).toMatchObject({ baseUrl, endpoint: `${baseUrl}/graphql`, baseUrlSource: source });
  });

  test('the key for a saved host is its netrc entry, as wandb login wrote it', () => {
    expect(resolveIn(files)).toMatchObject({ apiKey: 'netrc-key', keySource: 'netrc' });
  });

  test('WANDB_CONFIG_DIR replaces ~/.config/wandb', () => {
    const elsewhere = join('/', 'etc', 'wandb-config');
    const both = {
      ...files,
      [join(elsewhere, 'settings')]: '[default]\nbase_url = https://configured.example.com\n',
    };
    const env = { WANDB_CONFIG_DIR: elsewhere, WANDB_API_KEY: envKey };
    expect(resolveIn(both, { env }).baseUrl).toBe('https://configured.example.com');
    expect(resolveIn(files, { env }).baseUrl).toBe('https://api.wandb.ai');
  });

  test('the settings file is read as Python configparser reads it', () => {
    const cases: [string, string | undefined][] = [
      ['[default]\nbase_url = https://a.example.com\n', 'https://a.example.com'],
      ['[default]\r\nBASE_URL: https://b.example.com\r\n', 'https://b.example.com'],
      [
        '# saved by wandb\n[default]\n; a comment\nentity = team\nbase_url=https://c.example.com  \n',
        'https://c.example.com',
      ],
      ['[default]\nentity = team\n  base_url = https://not-a-key.example.com\n', undefined],
      ['[other]\nbase_url = https://d.example.com\n', undefined],
      ['[DEFAULT]\nbase_url = https://e.example.com\n[default]\nentity = team\n', 'https://e.example.com'],
      ['[default]\nbase_url = https://f.example.com/a%%20b\n', 'https://f.example.com/a%20b'],
      ['base_url = https://no-section.example.com\n', undefined],
      ['[default]\nbase_url =\n', ''],
    ];
    for (const [text, value] of cases) expect(iniValue(text, 'default', 'base_url'), text).toBe(value);
    expect(resolveIn({ [settingsFile]: '[default]\nbase_url =\n' }, { env: { WANDB_API_KEY: envKey } }).baseUrl).toBe(
      'https://api.wandb.ai',
    );
  });

  test('a bad saved base URL is a config error naming the file', () => {
    expect(() => resolveIn({ [settingsFile]: '[default]\nbase_url = wandb.example.com\n' })).toThrow(
      new ClientConfigError(`the base URL from base_url in ${settingsFile} is not a URL: "wandb.example.com"`),
    );
    expect(() => resolveIn({ [settingsFile]: '[default]\nbase_url = http://wandb.example.com\n' })).toThrow(
      'refusing to send the API key over plain http to "wandb.example.com"',
    );
  });
});

describe('a base URL ending in /graphql (what wbrules dev-server prints)', () => {
  const cases: [string, ConnectionOptions, string, string[]][] = [
    [
      '--base-url',
      { baseUrl: 'http://127.0.0.1:8080/graphql' },
      'http://127.0.0.1:8080',
      ['the base URL from --base-url ends in /graphql, which wbrules adds itself; using "http://127.0.0.1:8080"'],
    ],
    [
      'with a trailing slash and a path prefix',
      { baseUrl: 'https://host.example.com/wandb/graphql/' },
      'https://host.example.com/wandb',
      [
        'the base URL from --base-url ends in /graphql, which wbrules adds itself; using "https://host.example.com/wandb"',
      ],
    ],
    [
      'WANDB_BASE_URL',
      { env: { WANDB_BASE_URL: 'http://localhost:9000/graphql' } },
      'http://localhost:9000',
      ['the base URL from WANDB_BASE_URL ends in /graphql, which wbrules adds itself; using "http://localhost:9000"'],
    ],
    [
      'a path that only starts like it',
      { baseUrl: 'https://host.example.com/graphqlx' },
      'https://host.example.com/graphqlx',
      [],
    ],
    ['no path', { baseUrl: 'https://host.example.com' }, 'https://host.example.com', []],
  ];
  test.each(cases)('%s', (_, options, baseUrl, notes) => {
    const connection = resolveIn({}, { ...options, env: { WANDB_API_KEY: envKey, ...options.env } });
    expect(connection).toMatchObject({ baseUrl, endpoint: `${baseUrl}/graphql`, notes });
  });

  test('the settings file: the note names it', () => {
    const connection = resolveIn(loggedIn('http://127.0.0.1:8080/graphql'));
    expect(connection.endpoint).toBe('http://127.0.0.1:8080/graphql');
    expect(connection.notes).toEqual([
      `the base URL from base_url in ${settingsFile} ends in /graphql, which wbrules adds itself; using "http://127.0.0.1:8080"`,
    ]);
  });
});

describe('~/.netrc', () => {
  test('machine names, logins and passwords in double quotes, as Python netrc reads them', () => {
    const text = [
      'machine "api.wandb.ai" login "a user" password "p a\\"ss#word"',
      'machine other password "macdef"',
      'machine plain password back\\slash',
      'machine empty password ""',
      '',
    ].join('\n');
    expect(parseNetrc(text)).toEqual([
      { machine: 'api.wandb.ai', login: 'a user', password: 'p a"ss#word' },
      { machine: 'other', password: 'macdef' },
      { machine: 'plain', password: 'backslash' },
      { machine: 'empty', password: '' },
    ]);
    const connection = resolveIn({ [netrcFile]: text });
    expect(connection).toMatchObject({ apiKey: 'p a"ss#word', keySource: 'netrc' });
  });

  test('a quoted password written across tokens, comments and macdef bodies', () => {
    const text = [
      '# wandb login wrote this',
      'machine a',
      '  password "with spaces"',
      'macdef init',
      '  machine a password evil',
      '',
      'machine b login x password "p2"',
    ].join('\n');
    expect(netrcPassword(text, 'a')).toBe('with spaces');
    expect(netrcPassword(text, 'b')).toBe('p2');
  });

  test('localhost and 127.0.0.1 name the same server', () => {
    const cases: [string, string, string | undefined][] = [
      ['machine localhost password local', '127.0.0.1', 'local'],
      ['machine 127.0.0.1 password loop', 'localhost', 'loop'],
      ['machine localhost password alias\nmachine 127.0.0.1 password exact', '127.0.0.1', 'exact'],
      ['machine localhost password alias\ndefault password fallback', '127.0.0.1', 'alias'],
      ['machine localhost password local', '127.0.0.2', undefined],
      ['machine LOCALHOST password upper', '127.0.0.1', 'upper'],
    ];
    for (const [text, host, password] of cases) expect(netrcPassword(text, host), `${text} @ ${host}`).toBe(password);
    const connection = resolveIn(
      { [netrcFile]: 'machine localhost login user password local-key\n' },
      { baseUrl: 'http://127.0.0.1:8080' },
    );
    expect(connection.apiKey).toBe('local-key');
  });
});

describe('the proxy, read as the wandb SDK (Python requests) reads it', () => {
  const https = new URL('https://api.wandb.ai');
  const http = new URL('http://127.0.0.1:8080');
  const cases: [string, URL, Record<string, string>, { url: string; variable: string; noProxy: string } | undefined][] =
    [
      ['none set', https, {}, undefined],
      [
        'HTTPS_PROXY for https',
        https,
        { HTTPS_PROXY: 'http://p:3128' },
        { url: 'http://p:3128', variable: 'HTTPS_PROXY', noProxy: '' },
      ],
      [
        'HTTP_PROXY for http',
        http,
        { HTTP_PROXY: 'http://p:3128' },
        { url: 'http://p:3128', variable: 'HTTP_PROXY', noProxy: '' },
      ],
      ['HTTP_PROXY does not proxy https', https, { HTTP_PROXY: 'http://p:3128' }, undefined],
      ['HTTPS_PROXY does not proxy http', http, { HTTPS_PROXY: 'http://p:3128' }, undefined],
      [
        'lowercase wins',
        https,
        { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' },
        { url: 'http://lower:1', variable: 'https_proxy', noProxy: '' },
      ],
      [
        'an empty lowercase variable turns it off',
        https,
        { https_proxy: '', HTTPS_PROXY: 'http://upper:2' },
        undefined,
      ],
      [
        'no scheme means http://',
        https,
        { HTTPS_PROXY: 'proxy:3128' },
        { url: 'http://proxy:3128', variable: 'HTTPS_PROXY', noProxy: '' },
      ],
      [
        'NO_PROXY, no_proxy first unless empty',
        https,
        { HTTPS_PROXY: 'http://p:1', no_proxy: '', NO_PROXY: 'localhost, .corp' },
        { url: 'http://p:1', variable: 'HTTPS_PROXY', noProxy: 'localhost, .corp' },
      ],
      ['NO_PROXY naming the host', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.wandb.ai' }, undefined],
      ['NO_PROXY naming its domain', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'x.com,.wandb.ai' }, undefined],
      ['NO_PROXY naming *.domain', https, { HTTPS_PROXY: 'http://p:1', no_proxy: '*.WANDB.ai' }, undefined],
      ['NO_PROXY naming the host and port', http, { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1:8080' }, undefined],
      [
        'NO_PROXY naming the default port',
        https,
        { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.wandb.ai:443' },
        undefined,
      ],
      ['NO_PROXY=*', https, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, undefined],
      [
        'NO_PROXY naming another port, part of a label, loopback by another name',
        http,
        { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1:9090 27.0.0.1 localhost' },
        { url: 'http://p:1', variable: 'HTTP_PROXY', noProxy: '127.0.0.1:9090 27.0.0.1 localhost' },
      ],
    ];
  test.each(cases)('%s', (_, server, env, expected) => {
    expect(proxyFromEnvironment(server, env)).toEqual(expected);
  });

  test('a proxy that cannot work is a config error that never repeats the value (it may hold a password)', () => {
    expect(() => proxyFromEnvironment(https, { HTTPS_PROXY: 'http://user:hunter2@[bad' })).toThrow(
      new ClientConfigError('the proxy in HTTPS_PROXY is not a URL'),
    );
    expect(() => proxyFromEnvironment(https, { HTTPS_PROXY: 'socks5://user:hunter2@p:1080' })).toThrow(
      new ClientConfigError('the proxy in HTTPS_PROXY must be an http:// or https:// URL, found "socks5:"'),
    );
  });

  test('the connection carries it; its label has no credentials', () => {
    const connection = resolveIn({}, { env: { WANDB_API_KEY: envKey, HTTPS_PROXY: 'http://user:hunter2@proxy:3128' } });
    expect(connection.proxy).toEqual({ url: 'http://user:hunter2@proxy:3128', variable: 'HTTPS_PROXY', noProxy: '' });
    expect(proxyLabel(connection.proxy as NonNullable<Connection['proxy']>)).toBe('http://proxy:3128 (HTTPS_PROXY)');
    expect(resolveIn({}, { env: { WANDB_API_KEY: envKey } }).proxy).toBeUndefined();
  });
});

describe('keys and credentials never reach a message', () => {
  test.each([
    ['WANDB_API_KEY', { env: { WANDB_API_KEY: 'k' } }, {}, 'WANDB_API_KEY has 1 character'],
    ['WANDB_API_KEY', { env: { WANDB_API_KEY: 'abcdefg' } }, {}, 'WANDB_API_KEY has 7 characters'],
    ['the options', { apiKey: 'key' }, {}, 'the options has 3 characters'],
    ['~/.netrc', {}, { [netrcFile]: 'machine api.wandb.ai password abc\n' }, `${netrcFile} has 3 characters`],
  ] as [string, ConnectionOptions, Record<string, string>, string][])(
    'a key shorter than 8 characters is refused (it would be "redacted" out of every word): %s',
    (_, options, files, what) => {
      expect(() => resolveIn(files, options)).toThrow(
        new ClientConfigError(
          `the API key from ${what}, fewer than the 8 needed to keep it out of every message (W&B's keys have 40)`,
        ),
      );
    },
  );

  test("8 characters are enough, and the local server's key is", () => {
    expect(resolveIn({}, { env: { WANDB_API_KEY: 'abcdefgh' } }).apiKey).toBe('abcdefgh');
    expect(resolveIn({}, { env: { WANDB_API_KEY: 'local-dev-key' } }).apiKey).toBe('local-dev-key');
  });

  test('a malformed base URL is repeated without the credentials written into it', () => {
    const key = 'e5f1c0d2b7a94c3e8f6d1b2a0c9e7f5d3b1a2c4e';
    expect(() => resolveIn({}, { env: { WANDB_BASE_URL: `http://api:${key}@[bad`, WANDB_API_KEY: key } })).toThrow(
      new ClientConfigError('the base URL from WANDB_BASE_URL is not a URL: "http://[redacted]@[bad"'),
    );
    expect(() => resolveIn({}, { baseUrl: `https://${key}@wandb.example.com:x`, env: { WANDB_API_KEY: key } })).toThrow(
      new ClientConfigError('the base URL from --base-url is not a URL: "https://[redacted]@wandb.example.com:x"'),
    );
  });
});

describe('loopback: only localhost itself, 127.0.0.0/8 and ::1', () => {
  test.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['[::1]', true],
    ['::1', true],
    ['anything.localhost', false],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['[::2]', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });

  test('plain http to a *.localhost name needs --insecure, like any other host', () => {
    const options = { baseUrl: 'http://anything.localhost:8080', env: { WANDB_API_KEY: envKey } };
    expect(() => resolveIn({}, options)).toThrow(
      new ClientConfigError(
        'refusing to send the API key over plain http to "anything.localhost:8080"; use https://, or pass --insecure if you trust the network',
      ),
    );
    expect(resolveIn({}, { ...options, insecure: true }).endpoint).toBe('http://anything.localhost:8080/graphql');
    expect(resolveIn({}, { ...options, baseUrl: 'http://localhost:8080' }).endpoint).toBe(
      'http://localhost:8080/graphql',
    );
  });
});
