import { describe, expect, it } from 'vitest';
import { type Diagnostic, LineIndex, parse, renderDiagnostic } from '../index.js';

const first = (text: string): Diagnostic => {
  const [d] = parse(text).diagnostics;
  if (d === undefined) throw new Error('expected a diagnostic');
  return d;
};

const lines = (...ls: string[]): string => ls.join('\n');

describe('renderDiagnostic', () => {
  it('renders the location, code, message, source line and carets', () => {
    const text = 'webhook ci = "a"\n\non run metric "loss" -> webhook ci\n';
    expect(renderDiagnostic(first(text), text, { file: 'rules.wbrules' })).toBe(
      lines(
        'rules.wbrules:3:22: error[WR1101]: expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"',
        '3 | on run metric "loss" -> webhook ci',
        '  |                      ^^',
      ),
    );
  });

  it("uses the diagnostic's own file unless one is given, and none at all without either", () => {
    const text = 'on run state failed ->';
    const d = parse(text, { file: 'own.wbrules' }).diagnostics[0] as Diagnostic;
    expect(renderDiagnostic(d, text).split('\n')[0]).toBe(
      'own.wbrules:1:23: error[WR1102]: expected an action: webhook NAME, slack NAME, aria "PROMPT" or nothing after "->", found the end of the file',
    );
    expect(renderDiagnostic(d, text, { file: 'given.wbrules' }).split('\n')[0]).toMatch(/^given\.wbrules:1:23: /);
    expect(renderDiagnostic(first(text), text).split('\n')[0]).toMatch(/^1:23: error\[WR1102\]: /);
  });

  it('puts one caret after the last character for an empty span at the end of the file', () => {
    const text = 'on run state failed -> webhook';
    expect(renderDiagnostic(first(text), text, { file: 'f' })).toBe(
      lines(
        'f:1:31: error[WR1102]: expected an integration name after "webhook", found the end of the file',
        '1 | on run state failed -> webhook',
        '  |                               ^',
      ),
    );
  });

  it('lists hints', () => {
    const text = 'on run metric "x" > 90% -> nothing';
    expect(renderDiagnostic(first(text), text, { file: 'f' })).toBe(
      lines(
        'f:1:23: error[WR1106]: a percentage is allowed only on change amounts ("changes by 10%")',
        '1 | on run metric "x" > 90% -> nothing',
        '  |                       ^',
        '  = hint: Write the value as a plain number (0.9 rather than 90%).',
      ),
    );
  });

  it('shows related locations with their own line, column and frame', () => {
    const text = 'automation "a"\nautomation "b"\non artifact linked -> nothing';
    expect(renderDiagnostic(first(text), text, { file: 'rules.wbrules' })).toBe(
      lines(
        'rules.wbrules:2:1: error[WR1103]: "automation" is given twice on this rule',
        '2 | automation "b"',
        '  | ^^^^^^^^^^^^^^',
        '  note: rules.wbrules:1:12: first "automation" here',
        '1 | automation "a"',
        '  |            ^^^',
      ),
    );
  });

  it('widens the gutter to the longest line number shown', () => {
    const text = `${'\n'.repeat(9)}automation "a" automation "b" on artifact linked -> nothing`;
    expect(renderDiagnostic(first(text), text)).toBe(
      lines(
        '10:16: error[WR1103]: "automation" is given twice on this rule',
        '10 | automation "a" automation "b" on artifact linked -> nothing',
        '   |                ^^^^^^^^^^^^^^',
        '   note: 10:12: first "automation" here',
        '10 | automation "a" automation "b" on artifact linked -> nothing',
        '   |            ^^^',
      ),
    );
  });

  it('clips a multi-line span to its first line', () => {
    const text = 'on run state failed\n  where run.name exists\n  -> nothing';
    const d: Diagnostic = {
      code: 'WR1101',
      severity: 'warning',
      message: 'a span over two lines',
      span: { start: text.indexOf('failed'), end: text.indexOf('exists') },
    };
    expect(renderDiagnostic(d, text, { file: 'f' })).toBe(
      lines('f:1:14: warning[WR1101]: a span over two lines', '1 | on run state failed', '  |              ^^^^^^'),
    );
  });

  it('expands tabs and counts wide characters as two cells, so carets line up on screen', () => {
    const text = '\ton run metric "損失" >\t-> nothing';
    expect(renderDiagnostic(first(text), text, { file: 'f' })).toBe(
      lines(
        'f:1:23: error[WR1101]: expected a number after ">", found "->"',
        '1 |     on run metric "損失" >  -> nothing',
        '  |                             ^^',
      ),
    );
    const emoji = 'on alias "🚀x" 😀 -> nothing';
    expect(renderDiagnostic(first(emoji), emoji, { file: 'f' })).toBe(
      lines(
        'f:1:16: error[WR1001]: unexpected character "😀", which cannot start any part of a rule',
        '1 | on alias "🚀x" 😀 -> nothing',
        '  |                ^^',
      ),
    );
  });

  it('counts combining marks as no cells', () => {
    const text = 'on alias "e\u0301e\u0301" addd -> nothing';
    expect(renderDiagnostic(first(text), text, { file: 'f' }).split('\n').slice(1)).toEqual([
      '1 | on alias "e\u0301e\u0301" addd -> nothing',
      '  |               ^^^^',
    ]);
  });

  it('never prints control characters from the source', () => {
    const text = 'on alias "a\u001b[31mb" added -> nothing';
    const rendered = renderDiagnostic(first(text), text, { file: 'f' });
    expect(rendered).not.toContain('\u001b');
    expect(rendered.split('\n').slice(0, 3)).toEqual([
      'f:1:12: error[WR1005]: a raw control character (U+001B) cannot stand inside a string',
      '1 | on alias "a\ufffd[31mb" added -> nothing',
      '  |            ^',
    ]);
  });

  it('shows a note in another file by name only, or with its frame when that text is available', () => {
    const text = 'automation "x" on artifact linked -> nothing';
    const d: Diagnostic = {
      code: 'WR1103',
      severity: 'error',
      message: 'duplicate',
      span: { start: 11, end: 14 },
      file: 'a.wbrules',
      related: [{ message: 'first here', span: { start: 5, end: 8 }, file: 'b.wbrules' }],
    };
    expect(renderDiagnostic(d, text).split('\n').slice(3)).toEqual(['  note: b.wbrules: first here']);
    const other = '\n# x\n"x"';
    expect(
      renderDiagnostic(d, text, { sourceOf: (f) => (f === 'b.wbrules' ? other : undefined) })
        .split('\n')
        .slice(3),
    ).toEqual(['  note: b.wbrules:3:1: first here', '3 | "x"', '  | ^^^']);
  });

  it('colours only when asked', () => {
    const text = 'on run metric "x" > 90% -> nothing';
    const d = first(text);
    expect(renderDiagnostic(d, text, { file: 'f', color: false })).not.toContain('\u001b');
    expect(renderDiagnostic(d, text, { file: 'f', color: true })).toBe(
      lines(
        '\u001b[1mf:1:23:\u001b[0m \u001b[1m\u001b[31merror[WR1106]\u001b[0m: \u001b[1ma percentage is allowed only on change amounts ("changes by 10%")\u001b[0m',
        '\u001b[34m1\u001b[0m \u001b[34m|\u001b[0m on run metric "x" > 90% -> nothing',
        '  \u001b[34m|\u001b[0m                       \u001b[1m\u001b[31m^\u001b[0m',
        '  \u001b[34m=\u001b[0m \u001b[1mhint\u001b[0m: Write the value as a plain number (0.9 rather than 90%).',
      ),
    );
  });

  describe('a line wider than 120 cells', () => {
    /** The frame of `rendered`: its source line and its underline. */
    const frame = (rendered: string): [string, string] => {
      const [, source, underline] = rendered.split('\n');
      return [source as string, underline as string];
    };
    const filler = (n: number) => 'x'.repeat(n);

    it('shows 120 cells around an error in the middle, cut with "…" on both sides', () => {
      const text = `on run state failed -> webhook ci { "a": "${filler(15_000)}", "b": 01, "c": "${filler(15_000)}" }`;
      expect(text.length).toBeGreaterThan(30_000);
      const at = text.indexOf('01');
      const rendered = renderDiagnostic(first(text), text, { file: 'f' });
      expect(rendered.split('\n')).toEqual([
        `f:1:${at + 1}: error[WR1006]: "01" is not a number the language accepts`,
        `1 | …${text.slice(at - 59, at + 61)}…`,
        `  | ${' '.repeat(60)}^^`,
        '  = hint: Write numbers in JSON form: 3, -0.5, 1.5e-7 (no leading zeros, no trailing dot).',
      ]);
      const [source, underline] = frame(rendered);
      expect(source.length).toBeLessThan(200);
      expect(source.slice(underline.indexOf('^'), underline.lastIndexOf('^') + 1)).toBe('01');
    });

    it('cuts only the end when the error is near the start', () => {
      const text = `on run metric "x" > 01 -> webhook ci { "a": "${filler(30_000)}" }`;
      const [source, underline] = frame(renderDiagnostic(first(text), text));
      expect(source).toBe(`1 | ${text.slice(0, 120)}…`);
      expect(underline).toBe(`  | ${' '.repeat(text.indexOf('01'))}^^`);
    });

    it('cuts only the start when the error is near the end', () => {
      const text = `on run state failed -> webhook ci { "a": "${filler(30_000)}", "b": 01 }`;
      const [source, underline] = frame(renderDiagnostic(first(text), text));
      expect(source).toBe(`1 | …${text.slice(-120)}`);
      expect(source.slice(underline.indexOf('^'), underline.lastIndexOf('^') + 1)).toBe('01');
    });

    it('puts the caret for a span at the end of the line just after the shown text', () => {
      const text = `on run state failed where run.name in ["${filler(30_000)}"] -> webhook`;
      const [source, underline] = frame(renderDiagnostic(first(text), text));
      expect(source).toBe(`1 | …${text.slice(-119)}`);
      expect(underline).toBe(`  | ${' '.repeat(120)}^`);
    });

    it('clips an underline longer than the window at its edge', () => {
      const text = `webhook ci = "${filler(1_000)}`;
      const [source, underline] = frame(renderDiagnostic(first(text), text));
      expect(source).toBe(`1 | ${text.slice(0, 120)}…`);
      expect(underline).toBe(`  | ${' '.repeat(13)}${'^'.repeat(107)}`);
    });

    it('keeps tabs expanded and wide characters aligned, blanking one the window cuts in two', () => {
      // "01" starts at cell 418: 10 cells, 200 two-cell characters, `"`, a tab to cell 412, "added ".
      const text = `on alias "${'損'.repeat(200)}"\tadded 01 -> nothing # ${filler(100)}`;
      expect(renderDiagnostic(first(text), text).split('\n').slice(1, 3)).toEqual([
        `1 | … ${'損'.repeat(25)}" added 01 -> nothing # ${filler(45)}…`,
        `  | ${' '.repeat(60)}^^`,
      ]);
    });

    it('windows a related location the same way', () => {
      const text = `automation "a" description "${filler(300)}" automation "b" on artifact linked -> nothing # ${filler(99)}`;
      const at = text.indexOf('automation "b"');
      expect(renderDiagnostic(first(text), text).split('\n')).toEqual([
        `1:${at + 1}: error[WR1103]: "automation" is given twice on this rule`,
        `1 | …${text.slice(at - 53, at + 67)}…`,
        `  | ${' '.repeat(54)}${'^'.repeat(14)}`,
        '  note: 1:12: first "automation" here',
        `1 | ${text.slice(0, 120)}…`,
        `  | ${' '.repeat(11)}^^^`,
      ]);
    });
  });
});

describe('renderDiagnostic given a LineIndex', () => {
  it('renders exactly as given the text, related frames included', () => {
    const texts = [
      'automation "a"\nautomation "b"\non artifact linked -> nothing',
      'webhook ci = "a"\n\non run metric "loss" -> webhook ci\n',
      `on run state failed -> webhook ci { "a": "${'x'.repeat(5_000)}", "b": 01 }`,
      'on alias "\t" added\r\nwhere alias == 01 -> nothing',
    ];
    for (const text of texts) {
      const index = new LineIndex(text);
      for (const d of parse(text).diagnostics) {
        expect(renderDiagnostic(d, index, { file: 'f' })).toBe(renderDiagnostic(d, text, { file: 'f' }));
      }
    }
  });

  it('renders each of 20,000 errors on one 200 KB line from its own window of the line', () => {
    const text = `on run state failed -> webhook ci { "a": [${Array(20_000).fill('01').join(', ')}] }`;
    const index = new LineIndex(text);
    const { diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(20_000);
    const last = renderDiagnostic(diagnostics.at(-1) as Diagnostic, index, { file: 'f' }).split('\n');
    expect(last[1]).toMatch(/^1 \| …[01, ]+\] \}$/);
    expect((last[1] as string).length).toBeLessThanOrEqual('1 | …'.length + 120);
    for (const d of diagnostics) expect(renderDiagnostic(d, index).length).toBeLessThan(500);
  });
});
