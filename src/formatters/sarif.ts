import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findingFingerprints, resourceName } from './fingerprint.js';
import { packageInfo, ruleDocPath, ruleDocUrl } from '../engine/package-info.js';
import type { Formatter } from '../engine/report.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Fix } from '../engine/finding.js';
import { jsonReportText } from './escape.js';

/** GitHub code scanning ingests at most this many results a run and drops the rest without a word. */
export const MAX_SARIF_RESULTS = 25_000;

const FINGERPRINT_KEY = 'sidecarLintFinding/v1';

/** A repository-relative uri (forward slashes, percent-encoded) or, for a file outside the working directory, a file: uri. */
export function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * Each rule's descriptor, made once a process: its documentation is read from disk and is the same every run (an
 * editor or a test formats many reports).
 */
const descriptors = new WeakMap<RuleMeta, ReturnType<typeof describeRule>>();

function ruleDescriptor(meta: RuleMeta): ReturnType<typeof describeRule> {
  let descriptor = descriptors.get(meta);
  if (!descriptor) {
    descriptor = describeRule(meta);
    descriptors.set(meta, descriptor);
  }
  return descriptor;
}

function describeRule(meta: RuleMeta) {
  let markdown: string;
  try {
    markdown = readFileSync(ruleDocPath(meta.id), 'utf8');
  } catch {
    markdown = `# ${meta.id}\n\n${meta.summary}\n`;
  }
  return {
    id: meta.id,
    name: toPascalCase(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: firstParagraph(markdown) ?? meta.summary },
    help: { text: markdown, markdown },
    helpUri: ruleDocUrl(meta.id),
    defaultConfiguration: { level: meta.level },
    properties: { tags: [...meta.tags], precision: meta.precision },
  };
}

/** The first paragraph after the title, as plain text: the rule's full description. */
function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown.split(/\r?\n\s*\r?\n/).map((block) => block.trim());
  const paragraph = paragraphs.find((block) => block !== '' && !block.startsWith('#'));
  // Each run of white space that holds a line break becomes one space (`/\s*\r?\n\s*/g` did the same, in quadratic time
  // on a long run of spaces without one).
  return paragraph?.replace(/\s+/g, (space) => (space.includes('\n') ? ' ' : space));
}

/** A finding's fix as SARIF's `fix`: one change of the file, its edits as replacements (an insertion deletes nothing). */
function sarifFix(fix: Fix, artifactLocation: { uri: string; index: number }) {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation,
        replacements: fix.edits.map((edit) => ({
          deletedRegion: {
            startLine: edit.range.start.line,
            startColumn: edit.range.start.column,
            endLine: edit.range.end.line,
            endColumn: edit.range.end.column,
          },
          insertedContent: { text: edit.text },
        })),
      },
    ],
  };
}

function toPascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

/** SARIF 2.1.0 as RULES.md specifies, for GitHub code scanning and other SARIF viewers. */
export const formatSarif: Formatter = (report) => {
  const rules = report.rules;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const linted = report.files.filter((file) => file.skipped === undefined);
  const artifacts = linted.map((file) => ({ location: { uri: artifactUri(file.file) } }));
  const results: object[] = [];
  let omitted = 0;
  linted.forEach((file, artifactIndex) => {
    const uri = artifactUri(file.file);
    const prints = findingFingerprints(file.findings, uri);
    file.findings.forEach((finding, index) => {
      if (results.length >= MAX_SARIF_RESULTS) {
        omitted++;
        return;
      }
      const location: Record<string, unknown> = {
        physicalLocation: {
          artifactLocation: { uri, index: artifactIndex },
          region: {
            startLine: finding.region.start.line,
            startColumn: finding.region.start.column,
            endLine: finding.region.end.line,
            endColumn: finding.region.end.column,
          },
        },
      };
      if (finding.resource) {
        location.logicalLocations = [
          {
            name: finding.resource.name ?? '(unnamed)',
            fullyQualifiedName: resourceName(finding.resource),
            kind: 'resource',
          },
        ];
      }
      results.push({
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
        level: finding.level,
        message: { text: finding.message },
        locations: [location],
        ...(finding.related && finding.related.length > 0
          ? {
              relatedLocations: finding.related.map((related, relatedIndex) => ({
                id: relatedIndex,
                message: { text: related.message },
                physicalLocation: {
                  artifactLocation: { uri, index: artifactIndex },
                  region: {
                    startLine: related.region.start.line,
                    startColumn: related.region.start.column,
                    endLine: related.region.end.line,
                    endColumn: related.region.end.column,
                  },
                },
              })),
            }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: prints[index] },
        ...(finding.fix ? { fixes: [sarifFix(finding.fix, { uri, index: artifactIndex })] } : {}),
        ...(finding.suppressed ? { suppressions: [finding.suppressed] } : {}),
      });
    });
  });
  const notifications = [
    ...report.problems.map((problem) => ({ level: 'error', message: { text: `${problem.subject}: ${problem.message}` } })),
    // Each skipped file, with its location, so a viewer can show which file was not linted and why.
    ...report.files
      .filter((file) => file.skipped !== undefined)
      .map((file) => ({
        level: 'note',
        message: { text: `${file.file}: skipped: ${file.skipped ?? ''}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(file.file) } } }],
      })),
  ];
  if (omitted > 0) {
    notifications.push({
      level: 'warning',
      message: { text: `${omitted} results were left out: GitHub code scanning accepts at most ${MAX_SARIF_RESULTS} a run.` },
    });
  }
  const { version, homepage } = packageInfo();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sidecar-lint',
            version,
            semanticVersion: version,
            informationUri: homepage,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return jsonReportText(sarif);
};
