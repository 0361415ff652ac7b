import type { CompiledAutomation } from '@wbrules/compiler';
import { decodeEventFilter, prettyPayload } from '@wbrules/language-server/event-filter-view';
import type { PlacedDiagnostic } from './language-client.js';

/**
 * The two panes beside the editor: the diagnostics as a list (each one a
 * button that selects its span), and the compiled payloads, each shown as
 * sent and with its `eventFilter` decoded.
 */

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Fills the diagnostics list; `select` is called with a diagnostic's range when it is clicked. */
export function renderDiagnostics(
  list: HTMLElement,
  diagnostics: readonly PlacedDiagnostic[],
  select: (from: number, to: number) => void,
): void {
  list.replaceChildren(
    ...diagnostics.map((d) => {
      const { line, column } = d;
      const item = element('li', `diagnostic ${d.severity}`);
      item.dataset.code = d.code;
      item.dataset.severity = d.severity;
      item.dataset.line = String(line);
      item.dataset.column = String(column);
      const button = element('button', 'location', `${line}:${column}`);
      button.type = 'button';
      button.addEventListener('click', () => select(d.from, d.to));
      item.append(
        button,
        element('span', 'severity', d.severity),
        element('code', 'code', d.code),
        element('span', 'message', d.message),
      );
      for (const hint of d.hints) item.append(element('div', 'hint', hint));
      return item;
    }),
  );
}

/** Fills the payload pane: one card per automation, or why there are none. */
export function renderPayloads(pane: HTMLElement, automations: readonly CompiledAutomation[], errors: number): void {
  if (errors > 0) {
    pane.replaceChildren(
      element(
        'p',
        'blocked',
        `${errors} error${errors === 1 ? '' : 's'}: nothing is compiled until ${errors === 1 ? 'it is' : 'they are'} fixed.`,
      ),
    );
    return;
  }
  if (automations.length === 0) {
    pane.replaceChildren(element('p', 'empty', 'No rules yet.'));
    return;
  }
  pane.replaceChildren(
    ...automations.map((a) => {
      const card = element('article', 'automation');
      card.dataset.name = a.name;
      const title = element('h3', undefined, a.name);
      const where = element(
        'p',
        'where',
        `line ${a.line} · ${a.input.triggeringEventType} · ${a.scope.kind} "${a.scope.path}"${a.derivedName ? ' · derived name' : ''}`,
      );
      const sent = element('pre', 'payload', prettyPayload(a.input));
      const decoded = element('pre', 'event-filter', decodeEventFilter(a.input.eventFilter));
      card.append(
        title,
        where,
        element('h4', undefined, 'CreateFilterTriggerInput (as sent)'),
        sent,
        element('h4', undefined, 'eventFilter, decoded'),
        decoded,
      );
      return card;
    }),
  );
}
