// The regular expressions of src/ and the adversarial inputs to try them on (test/redos.test.ts).
//
// How patterns are found: every file under src/ ending in .ts or .js (the generated validators
// compile the JSON schema's "pattern"s into `new RegExp("…", "u")`) is parsed with the TypeScript
// compiler's parser, and the syntax tree is walked for
//   - regular expression literals (SyntaxKind.RegularExpressionLiteral): /…/flags, and
//   - `new RegExp(…)` and `RegExp(…)` calls: the pattern and flags when they are string literals
//     (or templates without substitutions); otherwise the call is reported as dynamic, which the
//     test rejects unless it is reviewed and listed.
// Parsing (not a textual grep) keeps division signs, comments and strings that look like
// patterns out, and finds every literal however it is written.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FoundRegex {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  source: string;
  flags: string;
  /** `new RegExp(x)` whose pattern is not a literal: cannot be checked statically. */
  dynamic?: boolean;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:ts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every regular expression under `directory` (src/), in file and line order. */
export function findRegexes(root: string, directory = join(root, 'src')): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const path of sourceFiles(directory).sort()) {
    const text = readFileSync(path, 'utf8');
    const kind = path.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
    const name = relative(root, path).split('\\').join('/');
    const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(file);
        const end = literal.lastIndexOf('/');
        found.push({ file: name, line: lineOf(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const literal = (argument: ts.Expression | undefined) => (argument && ts.isStringLiteralLike(argument) ? argument.text : undefined);
        const source = literal(pattern);
        if (source === undefined) found.push({ file: name, line: lineOf(node), source: node.getText(file), flags: '', dynamic: true });
        else found.push({ file: name, line: lineOf(node), source, flags: literal(flags) ?? '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Adversarial inputs: the pattern's own characters repeated, alternated, and its literal words
// repeated and left unfinished, each followed by a character that makes the match fail late.

const ESCAPES: Record<string, string[]> = {
  d: ['0', '9'],
  D: ['a', ' '],
  w: ['a', 'Z', '_', '0'],
  W: [' ', '-', '!'],
  s: [' ', '\t', '\n', '\r', '\u00a0'],
  S: ['a', '-'],
  n: ['\n'],
  r: ['\r'],
  t: ['\t'],
  f: ['\f'],
  v: ['\v'],
  '0': ['\0'],
};

/** Characters that end many matches late: none of them is likely to be what the pattern wants next. */
const FAILING_SUFFIXES = ['', '\u0000', '!', '\n', 'x', ' ', '\uFFFF'];

/** Representative characters of a pattern (from literals, escapes, and classes) and its literal words. */
export function patternAlphabet(source: string): { characters: string[]; words: string[] } {
  const characters = new Set<string>();
  const words: string[] = [];
  let word = '';
  const endWord = () => {
    if (word.length >= 2) words.push(word);
    word = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (ESCAPES[next] && !['n', 'r', 't', 'f', 'v', '0'].includes(next)) {
        for (const example of ESCAPES[next]!) characters.add(example);
        endWord();
      } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 1, i + 3))) {
        const ch = String.fromCharCode(parseInt(source.slice(i + 1, i + 3), 16));
        characters.add(ch);
        word += ch;
        i += 2;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) {
        const ch = String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16));
        characters.add(ch);
        word += ch;
        i += 4;
      } else if (next === 'b' || next === 'B') {
        endWord();
      } else {
        const ch = ESCAPES[next]?.[0] ?? next;
        characters.add(ch);
        word += ch;
      }
    } else if (c === '[') {
      endWord();
      // A class: its members (and range ends), or for a negated class some characters outside it.
      let j = i + 1;
      const negated = source[j] === '^';
      if (negated) j++;
      const members: string[] = [];
      while (j < source.length && (source[j] !== ']' || j === i + 1 + (negated ? 1 : 0))) {
        if (source[j] === '\\') {
          const next = source[j + 1] ?? '';
          members.push(...(ESCAPES[next] ?? [next]));
          j += 2;
        } else {
          members.push(source[j]!);
          j++;
        }
      }
      if (negated) {
        const klass = new RegExp(source.slice(i, j + 1), 'u');
        for (const candidate of ['a', 'Z', '0', ' ', '\n', ':', '/', '-', '.', '"', '{', '}', '$', '@', '*', '?', '\\', '_', ',', 'é'])
          if (safeTest(klass, candidate)) characters.add(candidate);
      } else {
        for (const member of members) if (member !== '-') characters.add(member);
      }
      i = j;
    } else if (c === '.') {
      endWord();
      characters.add('a');
      characters.add('.');
    } else if ('()|?*+{}^$'.includes(c)) {
      endWord();
      // A quantifier {m,n} is not a literal: skip to its end.
      if (c === '{') {
        const close = source.indexOf('}', i);
        if (close > i && /^\{\d*(?:,\d*)?\}$/.test(source.slice(i, close + 1))) i = close;
      }
    } else {
      characters.add(c);
      word += c;
    }
  }
  endWord();
  return { characters: [...characters].slice(0, 24), words: [...new Set(words)].slice(0, 16) };
}

function safeTest(regex: RegExp, text: string): boolean {
  try {
    return regex.test(text);
  } catch {
    return false;
  }
}

/** Inputs of about `length` characters built from the pattern's own characters and words. */
export function* adversarialInputs(source: string, flags: string, length: number): Generator<{ input: string; label: string }> {
  const { characters, words } = patternAlphabet(source);
  const fill = (unit: string) => unit.repeat(Math.max(1, Math.floor(length / Math.max(1, unit.length))));
  const label = (what: string, suffix: string) => `${what}${suffix ? ` + ${JSON.stringify(suffix)}` : ''}`;
  void flags;
  for (const c of characters) {
    for (const suffix of FAILING_SUFFIXES) yield { input: fill(c) + suffix, label: label(`${JSON.stringify(c)} × ${length}`, suffix) };
  }
  // Two characters alternating, and a character run broken by another (near misses).
  for (const a of characters) {
    for (const b of characters) {
      if (a === b) continue;
      yield { input: fill(a + b) + '\u0000', label: label(`${JSON.stringify(a + b)} repeated`, '\u0000') };
      yield { input: fill(a.repeat(16) + b) + '\u0000', label: label(`${JSON.stringify(a.repeat(16) + b)} repeated`, '\u0000') };
    }
  }
  for (const w of words) {
    for (const suffix of ['', '\u0000', '!']) yield { input: fill(w) + suffix, label: label(`${JSON.stringify(w)} repeated`, suffix) };
    // The word, then a long run of one character without what must follow.
    for (const c of characters) yield { input: w + fill(c) + '\u0000', label: `${JSON.stringify(w)} + ${JSON.stringify(c)} × ${length}` };
    // The word cut short, repeated: near misses everywhere.
    if (w.length > 2) yield { input: fill(w.slice(0, -1) + ' '), label: `${JSON.stringify(w.slice(0, -1))} repeated` };
    for (const c of characters.slice(0, 8)) yield { input: fill(w + c), label: `${JSON.stringify(w + c)} repeated` };
  }
  // Generic texts the engine meets: lines, indentation, JSON, whitespace.
  yield { input: fill('\n'), label: 'newlines' };
  yield { input: fill(' \n'), label: 'space-newline' };
  yield { input: fill('\r\n') + 'x', label: 'CRLF' };
  yield { input: fill('\t') + 'x', label: 'tabs' };
  yield { input: fill('{"a":') + '!', label: 'unclosed JSON objects' };
  yield { input: fill('${') + 'x', label: 'unclosed ${' };
  yield { input: fill('a-') + '-', label: 'dashes' };
  yield { input: fill('a:') + ':', label: 'colons' };
  yield { input: fill('a/') + '/', label: 'slashes' };
}
