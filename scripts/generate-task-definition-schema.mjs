// Generates schemas/task-definition.schema.json (JSON Schema draft-07) from the ECS API model kept in
// schemas/aws-models/ecs/ (botocore's service-2.json), plus the hand-written overlay. No Python, no network.
//
// Usage: node scripts/generate-task-definition-schema.mjs [model.json[.gz]] [--output file]
//   model     another service-2.json (or botocore's .json.gz) to generate from, e.g. a newer one to try
//   --output  where to write the schema (default: schemas/task-definition.schema.json)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const MODEL_SUBPATH = 'data/ecs/2014-11-13/service-2.json.gz';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keptModelPath = join(repoRoot, 'schemas/aws-models/ecs/service-2.json');
const defaultOutputPath = join(repoRoot, 'schemas/task-definition.schema.json');
const overlayPath = join(repoRoot, 'schemas/task-definition.overlay.json');

function fail(message) {
  process.stderr.write(`generate-task-definition-schema: ${message}\n`);
  process.exit(1);
}

function parseArguments(args) {
  let model;
  let output = defaultOutputPath;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--output') {
      if (args[i + 1] === undefined) fail('--output needs a file');
      output = resolve(args[++i]);
    } else if (args[i].startsWith('-')) {
      fail(`unknown option ${args[i]}`);
    } else if (model === undefined) {
      model = resolve(args[i]);
    } else {
      fail(`unexpected argument ${args[i]}`);
    }
  }
  if (model !== undefined && !existsSync(model)) fail(`model file not found: ${model}`);
  return { modelPath: model ?? keptModelPath, outputPath: output };
}

/**
 * The botocore release a model file belongs to: that of the botocore tree it sits in, or else the
 * first "botocore X.Y.Z" of the README.md beside it (schemas/aws-models/ecs/README.md says it).
 */
function botocoreVersionOf(modelPath) {
  return versionInBotocoreTree(modelPath) ?? versionInReadme(modelPath);
}

function versionInReadme(modelPath) {
  try {
    const readme = readFileSync(join(dirname(modelPath), 'README.md'), 'utf8');
    return /\bbotocore (\d+(?:\.\d+)+)\b/.exec(readme)?.[1];
  } catch {
    return undefined;
  }
}

// Only a version that belongs to the botocore tree the file sits in is trusted.
function versionInBotocoreTree(modelPath) {
  const suffix = `/botocore/${MODEL_SUBPATH}`;
  const normalized = modelPath.split('\\').join('/');
  if (!normalized.endsWith(suffix)) return undefined;
  const packageDir = modelPath.slice(0, modelPath.length - suffix.length + '/botocore'.length);
  const sitePackages = dirname(packageDir);
  try {
    const distInfo = readdirSync(sitePackages).find((name) => /^botocore-.+\.dist-info$/.test(name));
    if (distInfo) {
      const meta = readFileSync(join(sitePackages, distInfo, 'METADATA'), 'utf8');
      const match = /^Version:\s*(\S+)/m.exec(meta);
      if (match) return match[1];
    }
  } catch {
    // fall through to __init__.py (e.g. a source checkout has no dist-info)
  }
  try {
    const init = readFileSync(join(packageDir, '__init__.py'), 'utf8');
    const match = /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(init);
    if (match) return match[1];
  } catch {
    // no version available; the $comment simply omits it
  }
  return undefined;
}

function loadJson(path, what) {
  let text;
  try {
    const raw = readFileSync(path);
    text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  } catch (err) {
    fail(`cannot read ${what} ${path}: ${err.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    fail(`${what} ${path} is not valid JSON: ${err.message}`);
  }
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const MAX_DESCRIPTION = 200;

function firstSentence(html) {
  if (!html) return undefined;
  // Some members open with an <important>/<note> caveat; the summary users want in an editor follows it.
  const withoutAsides = html.replace(/<(important|note)>[\s\S]*?<\/\1>/g, ' ');
  const source = /[^\s<>]/.test(withoutAsides.replace(/<[^>]*>/g, '')) ? withoutAsides : html;
  // Block-level tags separate words; inline ones (<code>, <i>, <a>) sit inside words and punctuation.
  const text = decodeEntities(
    source
      .replace(/<\/?(p|li|ul|ol|br|div|important|note|dl|dt|dd|h\d)\b[^>]*>/gi, ' ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  // A sentence ends at . ! ? followed by the end or by a space and something that can start a sentence,
  // so "e.g. the" and "1.6.0" do not end it.
  const end = /[.!?](?=$|\s+[A-Z0-9"'(])/.exec(text);
  let sentence = end ? text.slice(0, end.index + 1) : text;
  if (sentence.length > MAX_DESCRIPTION) {
    const cut = sentence.slice(0, MAX_DESCRIPTION - 1);
    const space = cut.lastIndexOf(' ');
    sentence = `${(space > MAX_DESCRIPTION / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
  }
  return sentence;
}

function isValidEcmaPattern(pattern) {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const SCALAR_TYPES = new Set(['string', 'integer', 'long', 'double', 'float', 'boolean', 'blob', 'timestamp']);

function generate(model, overlay, botocoreVersion, modelLabel) {
  const shapes = model.shapes;
  const shapeOf = (name) => shapes[name] ?? fail(`model references unknown shape ${name}`);
  const definitions = new Map();

  // A scalar shape that carries nothing beyond its type (String, BoxedInteger, Timestamp, …) adds
  // no information as a named definition, so it is inlined; anything with enum/min/max/pattern gets one.
  const isPlainScalar = (shape) =>
    SCALAR_TYPES.has(shape.type) &&
    shape.enum === undefined &&
    shape.min === undefined &&
    shape.max === undefined &&
    (shape.pattern === undefined || !isValidEcmaPattern(shape.pattern));

  function scalarSchema(shape) {
    switch (shape.type) {
      case 'string': {
        const schema = { type: 'string' };
        if (shape.min !== undefined) schema.minLength = shape.min;
        if (shape.max !== undefined) schema.maxLength = shape.max;
        if (shape.pattern !== undefined && isValidEcmaPattern(shape.pattern)) schema.pattern = shape.pattern;
        if (shape.enum !== undefined) schema.enum = [...shape.enum];
        return schema;
      }
      case 'integer':
      case 'long': {
        const schema = { type: 'integer' };
        if (shape.min !== undefined) schema.minimum = shape.min;
        if (shape.max !== undefined) schema.maximum = shape.max;
        return schema;
      }
      case 'double':
      case 'float': {
        const schema = { type: 'number' };
        if (shape.min !== undefined) schema.minimum = shape.min;
        if (shape.max !== undefined) schema.maximum = shape.max;
        return schema;
      }
      case 'boolean':
        return { type: 'boolean' };
      case 'blob':
        return { type: 'string' };
      case 'timestamp':
        // anyOf rather than type: ["string","number"], which ajv's strict mode rejects without allowUnionTypes.
        return { anyOf: [{ type: 'string' }, { type: 'number' }] };
      default:
        return fail(`unsupported scalar type ${shape.type}`);
    }
  }

  function schemaFor(name) {
    const shape = shapeOf(name);
    if (isPlainScalar(shape)) return scalarSchema(shape);
    if (!definitions.has(name)) {
      definitions.set(name, null); // placeholder so recursive shapes terminate
      definitions.set(name, buildDefinition(shape, name));
    }
    return { $ref: `#/definitions/${name}` };
  }

  function buildDefinition(shape, name) {
    switch (shape.type) {
      case 'structure':
        return objectSchema(shape.members ?? {}, shape.required ?? [], {});
      case 'list': {
        const schema = { type: 'array', items: schemaFor(shape.member.shape) };
        if (shape.min !== undefined) schema.minItems = shape.min;
        if (shape.max !== undefined) schema.maxItems = shape.max;
        return schema;
      }
      case 'map': {
        const schema = { type: 'object' };
        const keyShape = shapeOf(shape.key.shape);
        if (!isPlainScalar(keyShape)) schema.propertyNames = schemaFor(shape.key.shape);
        schema.additionalProperties = schemaFor(shape.value.shape);
        if (shape.min !== undefined) schema.minProperties = shape.min;
        if (shape.max !== undefined) schema.maxProperties = shape.max;
        return schema;
      }
      default:
        if (SCALAR_TYPES.has(shape.type)) return scalarSchema(shape);
        return fail(`unsupported shape type ${shape.type} for ${name}`);
    }
  }

  function propertySchema(member, extra) {
    const target = shapeOf(member.shape);
    const schema = { ...schemaFor(member.shape) };
    const description = firstSentence(member.documentation) ?? firstSentence(target.documentation);
    if (description) schema.description = description;
    if (member.deprecated || target.deprecated) schema.deprecated = true;
    return Object.assign(schema, extra);
  }

  function objectSchema(members, required, extrasByName) {
    const properties = {};
    for (const [memberName, member] of Object.entries(members)) {
      properties[memberName] = propertySchema(member, extrasByName[memberName]);
    }
    const schema = { type: 'object', properties };
    if (required.length > 0) schema.required = [...required];
    schema.additionalProperties = false;
    return schema;
  }

  const request = shapeOf('RegisterTaskDefinitionRequest');
  const described = shapeOf('TaskDefinition');
  const rootMembers = { ...request.members };
  const readOnlyExtras = {};
  for (const [memberName, member] of Object.entries(described.members)) {
    if (memberName in request.members) continue;
    rootMembers[memberName] = member;
    readOnlyExtras[memberName] = { readOnly: true };
  }
  const root = objectSchema(rootMembers, request.required ?? [], readOnlyExtras);

  const allDefinitions = Object.fromEntries(definitions);
  applyOverlay(overlay, root, allDefinitions);
  // A shape the overlay gave a member a definition of its own for may have no other user left.
  const used = referencedDefinitions(root, allDefinitions);
  const sortedDefinitions = {};
  for (const name of Object.keys(allDefinitions).sort()) if (used.has(name)) sortedDefinitions[name] = allDefinitions[name];

  const version = botocoreVersion ? `botocore ${botocoreVersion}` : 'botocore';
  const source = `the ECS model of ${version} (${modelLabel ? `${modelLabel}, ` : ''}apiVersion ${model.metadata.apiVersion})`;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://ecs-lint.dev/schemas/task-definition.schema.json',
    title: 'Amazon ECS task definition (RegisterTaskDefinition input)',
    $comment:
      `Generated from ${source} ` +
      'by scripts/generate-task-definition-schema.mjs, with schemas/task-definition.overlay.json merged on top. ' +
      'Do not edit by hand; regenerate with `npm run generate:schema`. ' +
      'Properties marked readOnly are the extra members a describe-task-definition output carries; they are accepted but not required.',
    type: root.type,
    properties: root.properties,
    required: root.required,
    additionalProperties: root.additionalProperties,
    definitions: sortedDefinitions,
  };
}

/** The names of the definitions the root schema reaches through $ref, directly or not. */
function referencedDefinitions(root, definitions) {
  const used = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return undefined;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/definitions/', '');
      if (!used.has(name)) {
        used.add(name);
        visit(definitions[name]);
      }
    }
    return Object.values(node).forEach(visit);
  };
  visit(root);
  return used;
}

function applyOverlay(overlay, root, definitions) {
  // "$definitions" patches whole definitions (e.g. an enum the model leaves incomplete).
  for (const [name, keywords] of Object.entries(overlay.$definitions ?? {})) {
    if (!definitions[name]) fail(`overlay names definition ${name}, which the model does not have`);
    Object.assign(definitions[name], keywords);
  }
  for (const [target, patches] of Object.entries(overlay)) {
    if (target.startsWith('$')) continue;
    const objectSchema = target === 'RegisterTaskDefinitionRequest' ? root : definitions[target];
    if (!objectSchema?.properties) fail(`overlay target ${target} is not an object schema in the generated output`);
    for (const [property, keywords] of Object.entries(patches)) {
      const schema = objectSchema.properties[property];
      if (!schema) fail(`overlay names ${target}.${property}, which the model does not have`);
      if (schema.$ref) {
        // Draft-07 ignores keywords beside $ref, and the shape behind it (StringList) may serve other
        // members: the property gets a definition of its own, the shape's with the keywords merged.
        const base = schema.$ref.replace('#/definitions/', '');
        const name = `${target}${property[0].toUpperCase()}${property.slice(1)}`;
        if (!definitions[base]) fail(`${target}.${property} refers to ${base}, which is not a definition`);
        if (definitions[name]) fail(`overlay for ${target}.${property} needs a definition ${name}, which already exists`);
        definitions[name] = { ...structuredClone(definitions[base]), ...keywords };
        schema.$ref = `#/definitions/${name}`;
      } else {
        Object.assign(schema, keywords);
      }
    }
  }
}

const { modelPath, outputPath } = parseArguments(process.argv.slice(2));
const botocoreVersion = botocoreVersionOf(modelPath);
const model = loadJson(modelPath, 'model');
if (!model?.shapes?.RegisterTaskDefinitionRequest || !model?.shapes?.TaskDefinition) {
  fail(`${modelPath} does not look like botocore's ECS service-2 model`);
}
const overlay = loadJson(overlayPath, 'overlay');
// The kept model is named by its place in the repository; another one by nothing that depends on
// where it happens to be on this machine.
const modelLabel = modelPath === keptModelPath ? relative(repoRoot, keptModelPath).split('\\').join('/') : undefined;
const schema = generate(model, overlay, botocoreVersion, modelLabel);
writeFileSync(outputPath, `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write(
  `wrote ${outputPath} (${Object.keys(schema.definitions).length} definitions, ${botocoreVersion ? `botocore ${botocoreVersion}` : 'botocore version unknown'}, apiVersion ${model.metadata.apiVersion})\n`,
);
