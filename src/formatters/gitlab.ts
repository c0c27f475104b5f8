import type { Level } from '../engine/finding.js';
import { isReported, type Formatter } from '../engine/report.js';
import { findingFingerprints } from './fingerprint.js';
import { jsonReportText } from './escape.js';

/** GitLab's severities are info, minor, major, critical and blocker; an error stops a merge, so it ranks major. */
const SEVERITIES: Readonly<Record<Level, string>> = { error: 'major', warning: 'minor', note: 'info' };

/**
 * GitLab Code Quality (`artifacts:reports:codequality`), the merge request's widget and diff annotations: a JSON
 * array of issues, each with `description`, `check_name` (the rule id), a `fingerprint` unique in the report (made as
 * SARIF's are: it stays while lines above the finding move, so GitLab sees the same issue, not a fixed one and a new
 * one), `severity` and `location.path` with `lines.begin`. Paths are relative to the working directory: run from
 * the repository root, as GitLab reads them.
 */
export const formatGitlab: Formatter = (report) => {
  const issues = report.files.flatMap((file) => {
    const prints = findingFingerprints(file.findings, file.file);
    return file.findings.flatMap((finding, index) =>
      isReported(finding)
        ? [
            {
              description: finding.message,
              check_name: finding.ruleId,
              fingerprint: prints[index] ?? '',
              severity: SEVERITIES[finding.level],
              location: { path: file.file, lines: { begin: finding.region.start.line, end: finding.region.end.line } },
            },
          ]
        : [],
    );
  });
  return jsonReportText(issues);
};
