// Just enough Markdown for the docs tests: fenced code blocks, headings and
// their GitHub anchors, and relative links. Text inside fenced blocks is never
// read as headings or links.

/** A run of a Markdown file: prose, or one fenced code block. */
export interface Block {
  readonly kind: 'text' | 'code';
  /** A code block's info string (`sh`, `console`, …); empty for text. */
  readonly info: string;
  /** The block's lines, without the fences. */
  readonly lines: readonly string[];
  /** 1-based line of the block's first line (the opening fence, for code). */
  readonly line: number;
}

/** The file cut into prose and fenced code blocks, in order. */
export function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  let text: string[] = [];
  let textLine = 1;
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i] as string);
    if (open === null) {
      text.push(lines[i] as string);
      continue;
    }
    if (text.length > 0) out.push({ kind: 'text', info: '', lines: text, line: textLine });
    const fence = open[1] as string;
    const code: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j] as string)) {
      code.push(lines[j] as string);
      j++;
    }
    out.push({ kind: 'code', info: open[2] ?? '', lines: code, line: i + 1 });
    i = j;
    text = [];
    textLine = j + 2;
  }
  if (text.length > 0) out.push({ kind: 'text', info: '', lines: text, line: textLine });
  return out;
}

/** A heading's text as GitHub shows it: links reduced to their text, HTML tags (outside code spans) dropped. */
function headingText(raw: string): string {
  return raw
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '')))
    .join('')
    .trim();
}

/**
 * GitHub's anchor for a heading: lowercase, every character that is not a
 * letter, digit, mark, space, `-` or `_` removed, each space made a `-`.
 */
export function githubSlug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Every anchor a link may name in the file: one per heading (a repeated
 * heading gets `-1`, `-2`, … as on GitHub), and every `<a id>` / `<a name>`.
 */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const block of blocks(markdown)) {
    if (block.kind !== 'text') continue;
    for (const line of block.lines) {
      const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
      if (heading !== null) {
        const slug = githubSlug(heading[1] as string);
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        out.add(count === 0 ? slug : `${slug}-${count}`);
      }
      for (const m of line.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/g)) out.add(m[1] as string);
    }
  }
  return out;
}

/** A link in the file's prose. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Every link and image target in the prose (inline, reference definitions, `href`/`src`), outside code. */
export function links(markdown: string): Link[] {
  const out: Link[] = [];
  for (const block of blocks(markdown)) {
    if (block.kind !== 'text') continue;
    block.lines.forEach((raw, i) => {
      const line = raw.replace(/(`+)[\s\S]*?\1/g, '');
      const at = block.line + i;
      for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        out.push({ target: m[1] as string, line: at });
      }
      const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
      if (definition !== null) out.push({ target: definition[1] as string, line: at });
      for (const m of line.matchAll(/\b(?:href|src)\s*=\s*"([^"]+)"/g)) out.push({ target: m[1] as string, line: at });
    });
  }
  return out;
}

/** The lines of the `## TITLE` section, up to the next heading of level 2 or less. */
export function section(markdown: string, title: string): Block[] {
  const all = blocks(markdown);
  const out: Block[] = [];
  let inside = false;
  for (const block of all) {
    if (block.kind === 'code') {
      if (inside) out.push(block);
      continue;
    }
    let lines: string[] = [];
    let line = block.line;
    block.lines.forEach((text, i) => {
      const heading = /^ {0,3}(#{1,2})[ \t]+(.*)$/.exec(text);
      if (heading !== null) {
        if (inside && lines.length > 0) out.push({ kind: 'text', info: '', lines, line });
        inside = (heading[2] as string).trim() === title;
        lines = [];
        line = block.line + i + 1;
      } else if (inside) lines.push(text);
    });
    if (inside && lines.length > 0) out.push({ kind: 'text', info: '', lines, line });
  }
  return out;
}
