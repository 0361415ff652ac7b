import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import type { Extension, Text } from '@codemirror/state';
import { type Diagnostic as EditorDiagnostic, setDiagnostics } from '@codemirror/lint';
import { EditorView, hoverTooltip, type ViewUpdate } from '@codemirror/view';
import type { LspDiagnostic, LspPosition, LspRange, WorkerConnection } from './worker-connection.js';

/**
 * The editor as an LSP client of the language server in the Web Worker:
 * it opens the document, sends each change as it happens, marks the
 * diagnostics the server publishes, and asks the server for hover and
 * completion. The editor and LSP both count UTF-16 units, so a position is
 * a line and an offset into it.
 */

/** A published diagnostic placed in the editor's current text. */
export interface PlacedDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** The message's first line. */
  readonly message: string;
  /** The `hint: ` lines under the message, without the prefix. */
  readonly hints: readonly string[];
  readonly from: number;
  readonly to: number;
  /** 1-based, as the diagnostics list shows them. */
  readonly line: number;
  readonly column: number;
}

/** What the page does with the diagnostics of the editor's current version. */
export type DiagnosticsListener = (diagnostics: readonly PlacedDiagnostic[], version: number) => void;

const uri = 'file:///playground.wbrules';

function toPosition(doc: Text, offset: number): LspPosition {
  const line = doc.lineAt(offset);
  return { line: line.number - 1, character: offset - line.from };
}

function toOffset(doc: Text, position: LspPosition): number {
  if (position.line >= doc.lines) return doc.length;
  const line = doc.line(position.line + 1);
  return Math.min(line.from + Math.max(0, position.character), line.to);
}

const severities = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' } as const;

function place(doc: Text, d: LspDiagnostic): PlacedDiagnostic {
  const [message = '', ...rest] = d.message.split('\n');
  const from = toOffset(doc, d.range.start);
  const line = doc.lineAt(from);
  return {
    code: String(d.code ?? ''),
    severity: severities[(d.severity ?? 1) as 1 | 2 | 3 | 4] ?? 'error',
    message,
    hints: rest.filter((l) => l.startsWith('hint: ')).map((l) => l.slice('hint: '.length)),
    from,
    to: Math.max(from, toOffset(doc, d.range.end)),
    line: line.number,
    column: from - line.from + 1,
  };
}

/** LSP's completion item kinds, as CodeMirror's completion types (for the icons). */
const completionTypes: Record<number, string> = {
  3: 'function',
  5: 'property',
  6: 'variable',
  12: 'constant',
  13: 'enum',
  14: 'keyword',
  20: 'enum',
  21: 'constant',
};

interface LspCompletionItem {
  readonly label: string;
  readonly kind?: number;
  readonly detail?: string;
  readonly documentation?: string | { readonly value: string };
  readonly textEdit?: { readonly range: LspRange; readonly newText: string };
  readonly insertText?: string;
}

interface LspHover {
  readonly contents: string | { readonly value: string };
  readonly range?: LspRange;
}

/**
 * The editor extensions that connect it to the server over `connection`:
 * document sync, diagnostics (handed to `onDiagnostics` and marked in the
 * text), hover tooltips and completion. `start` initializes the server and
 * opens the view's document; changes made before it are in the text it opens.
 */
export function languageClient(
  connection: WorkerConnection,
  onDiagnostics: DiagnosticsListener,
): { extensions: Extension; start: (editor: EditorView) => Promise<void> } {
  let version = 1;
  let view: EditorView | undefined;
  connection.onNotification<{ uri: string; version?: number; diagnostics: LspDiagnostic[] }>(
    'textDocument/publishDiagnostics',
    (params) => {
      // A publication for an older version is followed by one for the current version.
      if (view === undefined || params.uri !== uri || (params.version ?? version) !== version) return;
      const doc = view.state.doc;
      const placed = params.diagnostics.map((d) => place(doc, d));
      const marks: EditorDiagnostic[] = placed.map((d) => ({
        from: d.from,
        to: d.to,
        severity: d.severity,
        source: d.code,
        message: [d.message, ...d.hints].join('\n'),
      }));
      view.dispatch(setDiagnostics(view.state, marks));
      onDiagnostics(placed, version);
    },
  );

  const start = async (editor: EditorView): Promise<void> => {
    await connection.request('initialize', {
      processId: null,
      rootUri: null,
      clientInfo: { name: 'wbrules-playground' },
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: false, versionSupport: true },
        },
      },
    });
    connection.notify('initialized', {});
    view = editor;
    connection.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'wbrules', version, text: editor.state.doc.toString() },
    });
  };

  /** Each transaction's changes as LSP edits, last first, so every range is in the text before it. */
  const sync = EditorView.updateListener.of((update: ViewUpdate) => {
    if (!update.docChanged || view === undefined) return;
    const changes: { range: LspRange; text: string }[] = [];
    update.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      const before = update.startState.doc;
      changes.unshift({
        range: { start: toPosition(before, fromA), end: toPosition(before, toA) },
        text: inserted.toString(),
      });
    });
    version++;
    connection.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  });

  const hover = hoverTooltip(async (editor, pos) => {
    const result = await connection.request<LspHover | null>('textDocument/hover', {
      textDocument: { uri },
      position: toPosition(editor.state.doc, pos),
    });
    if (result === null) return null;
    const text = typeof result.contents === 'string' ? result.contents : result.contents.value;
    const doc = editor.state.doc;
    return {
      pos: result.range === undefined ? pos : toOffset(doc, result.range.start),
      end: result.range === undefined ? pos : toOffset(doc, result.range.end),
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'lsp-hover';
        dom.textContent = text;
        return { dom };
      },
    };
  });

  const complete = async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[\w$-]*/);
    const before = context.state.sliceDoc(context.pos - 1, context.pos);
    if (!context.explicit && (word === null || word.from === word.to) && before !== '.' && before !== '{') return null;
    const result = await connection.request<LspCompletionItem[] | { items: LspCompletionItem[] } | null>(
      'textDocument/completion',
      { textDocument: { uri }, position: toPosition(context.state.doc, context.pos) },
    );
    if (result === null || context.aborted) return null;
    const items = Array.isArray(result) ? result : result.items;
    const doc = context.state.doc;
    const edit = items.find((i) => i.textEdit !== undefined)?.textEdit;
    const from = edit === undefined ? (word?.from ?? context.pos) : toOffset(doc, edit.range.start);
    const options: Completion[] = items.map((i) => {
      const documentation = typeof i.documentation === 'string' ? i.documentation : i.documentation?.value;
      return {
        label: i.label,
        ...(i.kind === undefined || completionTypes[i.kind] === undefined ? {} : { type: completionTypes[i.kind] }),
        ...(i.detail === undefined ? {} : { detail: i.detail }),
        ...(documentation === undefined ? {} : { info: documentation }),
        apply: i.textEdit?.newText ?? i.insertText ?? i.label,
      };
    });
    return { from, options, validFor: /^[\w$-]*$/ };
  };

  return { extensions: [sync, hover, autocompletion({ override: [complete] })], start };
}
