import type { Finding } from '../engine/finding.js';
import type { FileResult } from '../engine/lint.js';
import { isReported, type Formatter } from '../engine/report.js';
import { resourceName } from './fingerprint.js';
import { XML_DECLARATION, escapeXml, xmlAttributes } from './xml.js';

/*
 * JUnit XML, the test report Jenkins (junit step), GitLab (artifacts:reports:junit) and CircleCI (store_test_results)
 * read: a <testsuite> per file, a <testcase> per resource with findings (a finding about no resource, such as a
 * syntax error, belongs to the file's own test case; a file with nothing to report is one passing test case), a
 * <failure> per error-level finding, and the warnings and notes in the test case's <system-out>, where they are
 * read but fail nothing. A file not linted (a Helm template, a file too large) is a skipped test case with the
 * reason; a problem that kept the tool from its job (a path that does not exist) is an <error> test case, so CI
 * shows it as broken rather than green. Only the elements and attributes Jenkins's JUnit schema (the xunit plugin's
 * junit-10.xsd, the strictest of the readers) allows: the file is the suite's `file` and the test cases' `classname`.
 */

interface TestCase {
  name: string;
  findings: Finding[];
}

/** The file's findings grouped by resource, in order of first appearance; findings about no resource under the file. */
function testCasesOf(file: FileResult, findings: readonly Finding[]): TestCase[] {
  const cases = new Map<string, TestCase>();
  for (const finding of findings) {
    const name = finding.resource ? resourceName(finding.resource) : file.file;
    const testCase = cases.get(name) ?? { name, findings: [] };
    testCase.findings.push(finding);
    cases.set(name, testCase);
  }
  return cases.size > 0 ? [...cases.values()] : [{ name: file.file, findings: [] }];
}

const where = (file: string, finding: Finding) => `${file}:${finding.region.start.line}:${finding.region.start.column}`;

function testCaseXml(file: string, testCase: TestCase): string[] {
  const open = `    <testcase${xmlAttributes({ classname: file, name: testCase.name })}`;
  if (testCase.findings.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  for (const finding of testCase.findings.filter((candidate) => candidate.level === 'error')) {
    const attributes = xmlAttributes({ message: `${finding.region.start.line}:${finding.region.start.column} ${finding.message}`, type: finding.ruleId });
    lines.push(`      <failure${attributes}>${escapeXml(`${where(file, finding)}: ${finding.message} (${finding.ruleId})`)}</failure>`);
  }
  const others = testCase.findings.filter((finding) => finding.level !== 'error');
  if (others.length > 0) {
    const text = others.map((finding) => `${where(file, finding)}: ${finding.level}: ${finding.message} (${finding.ruleId})`).join('\n');
    lines.push(`      <system-out>${escapeXml(text)}</system-out>`);
  }
  lines.push('    </testcase>');
  return lines;
}

interface Suite {
  name: string;
  /** The file the suite is about; none for the suite of problems. */
  file?: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  body: string[];
}

function suiteXml(suite: Suite): string[] {
  const attributes = xmlAttributes({ name: suite.name, tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped, file: suite.file });
  return [`  <testsuite${attributes}>`, ...suite.body, '  </testsuite>'];
}

export const formatJunit: Formatter = (report) => {
  const suites: Suite[] = [];
  for (const file of report.files) {
    // What the text format only counts (YAML with no Kubernetes object, files the config ignores) is no test.
    if (file.skipped !== undefined) {
      if (file.quiet === true) continue;
      const body = [
        `    <testcase${xmlAttributes({ classname: file.file, name: file.file })}>`,
        `      <skipped${xmlAttributes({ message: `Not linted: ${file.skipped}` })}/>`,
        '    </testcase>',
      ];
      suites.push({ name: file.file, file: file.file, tests: 1, failures: 0, errors: 0, skipped: 1, body });
      continue;
    }
    const cases = testCasesOf(file, file.findings.filter(isReported));
    suites.push({
      name: file.file,
      file: file.file,
      tests: cases.length,
      failures: cases.reduce((sum, testCase) => sum + testCase.findings.filter((finding) => finding.level === 'error').length, 0),
      errors: 0,
      skipped: 0,
      body: cases.flatMap((testCase) => testCaseXml(file.file, testCase)),
    });
  }
  if (report.problems.length > 0) {
    const body = report.problems.flatMap((problem) => [
      `    <testcase${xmlAttributes({ classname: 'sidecar-lint', name: problem.subject })}>`,
      `      <error${xmlAttributes({ message: problem.message, type: 'problem' })}>${escapeXml(`${problem.subject}: ${problem.message}`)}</error>`,
      '    </testcase>',
    ]);
    suites.push({ name: 'sidecar-lint', tests: report.problems.length, failures: 0, errors: report.problems.length, skipped: 0, body });
  }
  const total = (key: 'tests' | 'failures' | 'errors') => suites.reduce((sum, suite) => sum + suite[key], 0);
  // The attributes Jenkins's JUnit schema allows here: `skipped` is counted per suite only.
  const attributes = xmlAttributes({ name: 'sidecar-lint', tests: total('tests'), failures: total('failures'), errors: total('errors') });
  return `${[XML_DECLARATION, `<testsuites${attributes}>`, ...suites.flatMap(suiteXml), '</testsuites>'].join('\n')}\n`;
};
