// parse-error: the file cannot be read or parsed. Findings come from the loaders, not from a check.

import { defineRule } from './define-rule';

export default defineRule({
  id: 'parse-error',
  severity: 'error',
  description: 'Report files that cannot be read or parsed, and duplicate keys',
  source: 'https://www.rfc-editor.org/rfc/rfc8259',
  messages: {
    syntax: { text: 'invalid {format}: {problem}' },
    'duplicate-key': { text: 'duplicate key "{key}": the value at line {firstLine} is silently replaced by this one; keep only one' },
    'merge-key': {
      text: 'CloudFormation does not accept YAML merge keys (<<); write the merged members out',
      help: 'The template deploys only through `sam` or `aws cloudformation package`, which expand merge keys; write the members out, or keep deploying with those tools.',
    },
    unreadable: { text: 'cannot read the file: {reason}' },
    'too-large': { text: 'the file is {size}, more than the limit of {limit}; it was not linted' },
    binary: { text: 'the file is binary, not text (it contains a NUL byte); it was not linted' },
    encoding: { text: 'the file is not valid UTF-8: the byte at offset {offset} starts no valid character; save the file as UTF-8' },
    template: {
      text: 'this file is a template, which is not JSON until it is rendered; lint the rendered output instead',
      help: 'Its text has template expressions (as envsubst, Terraform\'s templatefile, Jinja or Helm write them) where JSON expects a value.',
    },
    'not-recognized': {
      text: 'not a task definition nor another input ecs-lint reads; ignore the file in .ecs-lint.json, or pass --input-type',
      help: 'No "containerDefinitions" was found, nor any other input ecs-lint knows. To lint the file as a given kind of input, pass --input-type.',
    },
  },
});
