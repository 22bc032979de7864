// parse-error: the file cannot be read or parsed. Findings come from the loaders, not from a check.

import { defineRule } from './define-rule';

export default defineRule({
  id: 'parse-error',
  severity: 'error',
  description: 'Report files that cannot be read or parsed, and duplicate keys',
  source: 'https://www.rfc-editor.org/rfc/rfc8259',
  messages: {
    syntax: 'invalid {format}: {problem}',
    'duplicate-key': 'duplicate key "{key}": the value at line {firstLine} is silently replaced by this one; keep only one',
    'merge-key':
      'CloudFormation does not accept YAML merge keys (<<); the template deploys only through `sam` or `aws cloudformation package`, which expand them: write the merged members out, or keep deploying with those tools',
    unreadable: 'cannot read the file: {reason}',
    'too-large': 'the file is {size}, more than the limit of {limit}; it was not linted',
    binary: 'the file is binary, not text (it contains a NUL byte); it was not linted',
    encoding: 'the file is not valid UTF-8: the byte at offset {offset} starts no valid character; save the file as UTF-8',
    template:
      'this file is a template ("${…}", "{{…}}") that is not JSON until it is rendered; lint the rendered output instead',
    'not-recognized': 'not a task definition: no "containerDefinitions" or other input ecs-lint knows was found; ignore the file in .ecs-lint.json or pass --input-type',
  },
});
