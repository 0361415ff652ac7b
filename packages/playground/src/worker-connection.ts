/**
 * The page's end of the LSP connection to the language server's Web
 * Worker: JSON-RPC 2.0, one message per `postMessage` (what
 * `vscode-jsonrpc/browser`'s reader and writer exchange), written by hand
 * because the page needs three requests and two notifications, not the
 * whole library.
 */

/** An LSP position: 0-based line, UTF-16 character. */
export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

/** An LSP range, end exclusive. */
export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

/** What `textDocument/publishDiagnostics` carries for one diagnostic (the fields the page reads). */
export interface LspDiagnostic {
  readonly range: LspRange;
  /** 1 error, 2 warning, 3 information, 4 hint. */
  readonly severity?: number;
  readonly code?: string | number;
  readonly message: string;
}

/** A JSON-RPC message as the worker posts it. */
interface Message {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/** A JSON-RPC connection to a language server running in `worker`. */
export class WorkerConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, (params: unknown) => void>();
  /** Messages received from the worker so far (the browser tests read it from the page). */
  received = 0;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<Message>) => this.receive(event.data));
  }

  /** Sends a request; resolves with its result, rejects with its error. */
  request<R>(method: string, params: unknown): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): void {
    this.worker.postMessage({ jsonrpc: '2.0', method, params });
  }

  /** Handles the server's notifications of `method` (one handler per method). */
  onNotification<P>(method: string, handler: (params: P) => void): void {
    this.handlers.set(method, handler as (params: unknown) => void);
  }

  private receive(message: Message): void {
    this.received++;
    if (message.method === undefined) {
      const waiting = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
      if (waiting === undefined) return;
      this.pending.delete(message.id as number);
      if (message.error === undefined) waiting.resolve(message.result ?? null);
      else waiting.reject(new Error(`${message.error.message} (${message.error.code})`));
    } else if (message.id !== undefined) {
      // A request from the server (e.g. `client/registerCapability`): the page offers nothing more.
      this.worker.postMessage({ jsonrpc: '2.0', id: message.id, result: null });
    } else {
      this.handlers.get(message.method)?.(message.params);
    }
  }
}
