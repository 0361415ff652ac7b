import { createSyntaxDiagramsCode, type ISerializedGast } from 'chevrotain';
import { grammarParser } from './parse.js';

/**
 * Where `grammar/diagrams.html` loads its scripts and stylesheet from: copies
 * of Chevrotain's diagram resources checked in beside it, so the page works
 * offline and never fetches code from a CDN.
 */
const resourceBase = './diagrams/';

/**
 * The railroad diagrams of the `.wbrules` grammar as a standalone HTML page
 * (Chevrotain's renderer), loading its resources from `./diagrams/`.
 * `productions` defaults to the real parser's.
 */
export function grammarDiagramsHtml(
  productions: readonly ISerializedGast[] = grammarParser().getSerializedGastProductions(),
): string {
  return createSyntaxDiagramsCode([...productions], { resourceBase, css: `${resourceBase}diagrams.css` });
}
