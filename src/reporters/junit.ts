// junit: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps): one test suite and one test
// case per file linted, a <failure> per finding; a clean file is a passing test case.

import { severityName, type Reporter } from './types';

const junit: Reporter = (results) => {
  const suites: string[] = [];
  let failing = 0;
  for (const { filePath, messages: diagnostics } of results) {
    // Counts are of test cases, as JUnit means them: one per file, failed when it has a finding.
    const failures = diagnostics.length > 0 ? 1 : 0;
    failing += failures;
    const name = attribute(filePath);
    const failureElements = diagnostics.map((d) => {
      const message = attribute(`${d.ruleId}: ${d.message}`);
      const body = text(`${filePath}:${d.line}:${d.column}: ${severityName(d)} ${d.message} [${d.ruleId}]\n${d.docsUrl}`);
      return `      <failure message="${message}" type="${severityName(d)}">${body}</failure>`;
    });
    const testcase =
      failureElements.length === 0
        ? `    <testcase name="${name}" classname="ecs-lint"/>`
        : `    <testcase name="${name}" classname="ecs-lint">\n${failureElements.join('\n')}\n    </testcase>`;
    suites.push(`  <testsuite name="${name}" tests="1" failures="${failures}" errors="0" skipped="0">\n${testcase}\n  </testsuite>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ecs-lint" tests="${results.length}" failures="${failing}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};

export default junit;

/** Characters XML 1.0 cannot carry at all, even as references: replaced by U+FFFD. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Element text; a carriage return as a reference, which XML would otherwise drop from a CR LF. */
function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; tabs and line feeds as references, which XML would otherwise turn into spaces. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
