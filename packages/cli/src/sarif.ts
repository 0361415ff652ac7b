import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, diagnosticCodes } from '@wbrules/dsl';
import { diagnosticFile } from './output.js';
import type { Region, SourceTexts } from './source-texts.js';

/** The SARIF version `wbrules check --format sarif` writes. */
export const sarifVersion = '2.1.0';

/** The schema the log declares (the one GitHub code scanning documents). */
export const sarifSchema = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const levels: Readonly<Record<Diagnostic['severity'], SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A SARIF `physicalLocation`: a file (as a relative URI reference under `%SRCROOT%`, or a `file:` URL) and a region. */
interface PhysicalLocation {
  readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string };
  readonly region: {
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    readonly endColumn: number;
  };
}

/**
 * A SARIF 2.1.0 log of one `check` run, for CI systems that annotate pull
 * requests. `rules` is the whole diagnostic code table in code order, so a
 * code's `ruleIndex` never depends on which diagnostics a run happened to
 * produce; each rule has a full description and, in the built command, a
 * `helpUri` to its code's anchor in docs/diagnostics.md. Notes (level `note`)
 * are among the results only when the caller shows them (`check --notes`). Regions are 1-based with an exclusive end column, counted in
 * UTF-16 code units (`columnKind`), exactly like `--format json`. Hints follow
 * the message on their own lines (annotations show only the message), and
 * fixes become SARIF `fixes`.
 */
export function toSarif(
  diagnostics: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
  toolVersion: string,
): object {
  const codes = Object.keys(diagnosticCodes).sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const docs = diagnosticsDocsUrl();
  const rules = codes.map((code) => {
    const row = diagnosticCodes[code as keyof typeof diagnosticCodes];
    return {
      id: code,
      shortDescription: { text: row.summary },
      fullDescription: { text: fullDescription(code, row) },
      ...(docs === undefined ? {} : { helpUri: `${docs}#${code.toLowerCase()}` }),
      defaultConfiguration: { level: levels[row.severity] },
    };
  });
  const results = diagnostics.map((d) => {
    const file = diagnosticFile(d, fallbackFile);
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
      level: levels[d.severity],
      message: { text: [d.message, ...(d.hints ?? [])].join('\n') },
      locations: [{ physicalLocation: physicalLocation(file, sources.region(file, d.span)) }],
    };
    if (d.related !== undefined && d.related.length > 0) {
      result.relatedLocations = d.related.map((r, id) => {
        const relatedFile = r.file ?? file;
        return {
          id,
          physicalLocation: physicalLocation(relatedFile, sources.region(relatedFile, r.span)),
          message: { text: r.message },
        };
      });
    }
    if (d.fixes !== undefined && d.fixes.length > 0) {
      result.fixes = d.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(file),
            replacements: fix.edits.map((edit) => ({
              deletedRegion: sarifRegion(sources.region(file, edit.span)),
              insertedContent: { text: edit.newText },
            })),
          },
        ],
      }));
    }
    return result;
  });
  return {
    $schema: sarifSchema,
    version: sarifVersion,
    runs: [
      {
        tool: { driver: { name: 'wbrules', version: toolVersion, semanticVersion: toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory wbrules ran in.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

const severityWords: Readonly<Record<Diagnostic['severity'], string>> = {
  error: 'an error',
  warning: 'a warning',
  info: 'a note',
};

/**
 * A rule's `fullDescription`: its summary as a sentence, what it is reported
 * as, and where it is explained (`A … . Reported as a warning; see
 * docs/diagnostics.md#wr3025.`): the text code scanning shows with a rule.
 */
function fullDescription(
  code: string,
  row: { readonly severity: Diagnostic['severity']; readonly summary: string },
): string {
  const summary = row.summary.charAt(0).toUpperCase() + row.summary.slice(1);
  return `${summary}. Reported as ${severityWords[row.severity]}; see docs/diagnostics.md#${code.toLowerCase()}.`;
}

function physicalLocation(file: string, region: Region): PhysicalLocation {
  return { artifactLocation: artifactLocation(file), region: sarifRegion(region) };
}

function sarifRegion(region: Region): PhysicalLocation['region'] {
  return { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn };
}

/**
 * A SARIF artifact location for a path as given: relative paths become
 * relative URI references (forward slashes, each segment percent-encoded)
 * against `%SRCROOT%`, which code scanning resolves against the checkout;
 * absolute paths become `file:` URLs.
 */
function artifactLocation(file: string): PhysicalLocation['artifactLocation'] {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const path = file.replaceAll(sep, '/');
  const relative = path.startsWith('./') ? path.slice(2) : path;
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Set by scripts/bundle-cli.mjs: the page with one anchor per diagnostic code (docs/diagnostics.md in the repository). */
declare const __WBRULES_DIAGNOSTICS_URL__: string | undefined;

/** Where each code is explained (`URL#wr1101`), when the build knows the repository. */
function diagnosticsDocsUrl(): string | undefined {
  return typeof __WBRULES_DIAGNOSTICS_URL__ === 'string' ? __WBRULES_DIAGNOSTICS_URL__ : undefined;
}
