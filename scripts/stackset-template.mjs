// Generates the transform-free template that service-managed StackSets need (they reject
// Transform) from template.yaml, the one source of truth. Only the AWS::Serverless::Function
// is rewritten, into an AWS::Lambda::Function whose code comes from a bucket per Region,
// <CodeBucketPrefix>-<Region>, key CodeS3Key, object version CodeS3ObjectVersion (the buckets
// are versioned, so a later upload under the same key cannot change deployed code without a
// StackSet update). Everything else is copied as written.
//
//   node scripts/stackset-template.mjs                 -> dist/stackset-template.yaml
//   node scripts/stackset-template.mjs --stdout        -> standard output
//   node scripts/stackset-template.mjs --template t.yaml --out other.yaml
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseCfnDocument, parseTemplate } from './cfn-yaml.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_TEMPLATE = resolve(ROOT, 'template.yaml');
export const DEFAULT_OUT = resolve(ROOT, 'dist/stackset-template.yaml');

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
/** The parameters the StackSet template adds: where the function code is. */
export const CODE_PARAMETERS = Object.freeze(['CodeBucketPrefix', 'CodeS3Key', 'CodeS3ObjectVersion']);
const SERVERLESS_FUNCTION = 'AWS::Serverless::Function';

/** AWS::Serverless::Function properties that AWS::Lambda::Function takes with the same name and shape. */
const SAME_IN_LAMBDA = new Set([
  'Architectures',
  'CodeSigningConfigArn',
  'Description',
  'Environment',
  'EphemeralStorage',
  'FileSystemConfigs',
  'FunctionName',
  'Handler',
  'KmsKeyArn',
  'Layers',
  'LoggingConfig',
  'MemorySize',
  'RecursiveLoop',
  'ReservedConcurrentExecutions',
  'Role',
  'Runtime',
  'RuntimeManagementConfig',
  'SnapStart',
  'Timeout',
  'VpcConfig',
]);

/** Resource Metadata keys that only `sam build` reads. */
const SAM_BUILD_METADATA = ['BuildMethod', 'BuildProperties'];

/**
 * The StackSet template (YAML text) for `samText` (template.yaml's text). Throws when the
 * template uses anything this conversion does not reproduce faithfully (Globals, other
 * AWS::Serverless::* types, SAM-only function properties such as Events or Policies).
 */
export function toStackSetTemplate(samText, { source = 'template.yaml' } = {}) {
  const doc = parseCfnDocument(samText, source);
  const fail = (message) => {
    throw new Error(`${source}: ${message}`);
  };

  const transform = doc.toJS().Transform;
  const transforms = transform === undefined ? [] : [transform].flat();
  if (transforms.length !== 1 || transforms[0] !== SAM_TRANSFORM) {
    fail(`expected "Transform: ${SAM_TRANSFORM}" and no other transform, got ${JSON.stringify(transform ?? null)}`);
  }
  if (doc.has('Globals')) fail('Globals is not supported: put the settings on the function itself');
  doc.delete('Transform');

  const resources = doc.get('Resources');
  if (!YAML.isMap(resources)) fail('Resources is missing');
  let functionId;
  for (const pair of resources.items) {
    const type = pair.value?.get?.('Type');
    if (typeof type === 'string' && type.startsWith('AWS::Serverless::')) {
      if (type !== SERVERLESS_FUNCTION || functionId !== undefined) {
        fail(`only one ${SERVERLESS_FUNCTION} can be converted; found ${type} ${String(pair.key)}`);
      }
      functionId = String(pair.key);
    }
  }
  if (functionId === undefined) fail(`no ${SERVERLESS_FUNCTION} found`);

  const fn = resources.get(functionId);
  fn.set('Type', 'AWS::Lambda::Function');
  const metadata = fn.get('Metadata');
  if (YAML.isMap(metadata)) {
    for (const key of SAM_BUILD_METADATA) metadata.delete(key);
    if (metadata.items.length === 0) fn.delete('Metadata');
  }

  const props = fn.get('Properties');
  if (!YAML.isMap(props)) fail(`${functionId}: Properties is missing`);
  if (!props.has('Role')) fail(`${functionId}: needs an explicit Role (SAM would generate one; this script does not)`);
  if (!props.has('CodeUri')) fail(`${functionId}: needs CodeUri`);
  props.items = props.items.map((pair) => {
    const name = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (name === 'CodeUri') {
      return doc.createPair('Code', {
        S3Bucket: tagged(doc, '!Sub', '${CodeBucketPrefix}-${AWS::Region}'),
        S3Key: tagged(doc, '!Ref', 'CodeS3Key'),
        S3ObjectVersion: tagged(doc, '!Ref', 'CodeS3ObjectVersion'),
      });
    }
    if (name === 'Tracing') return doc.createPair('TracingConfig', { Mode: pair.value });
    if (name === 'Tags') {
      if (!YAML.isMap(pair.value)) fail(`${functionId}: Tags must be a map`);
      return doc.createPair(
        'Tags',
        pair.value.items.map((tag) => ({ Key: tag.key, Value: tag.value })),
      );
    }
    if (!SAME_IN_LAMBDA.has(name)) {
      fail(
        `${functionId}: SAM property ${name} has no one-to-one AWS::Lambda::Function equivalent; ` +
          'extend scripts/stackset-template.mjs',
      );
    }
    return pair;
  });

  let parameters = doc.get('Parameters');
  if (!YAML.isMap(parameters)) {
    parameters = doc.createNode({});
    doc.set('Parameters', parameters);
  }
  for (const name of CODE_PARAMETERS) {
    if (parameters.has(name)) fail(`parameter ${name} already exists`);
  }
  const version = doc.toJS().Metadata?.['AWS::ServerlessRepo::Application']?.SemanticVersion ?? '0.0.0';
  const appName = doc.toJS().Metadata?.['AWS::ServerlessRepo::Application']?.Name ?? 'function';
  parameters.set(
    'CodeBucketPrefix',
    doc.createNode({
      Type: 'String',
      AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,44}[a-z0-9]$',
      ConstraintDescription: 'lower-case letters, digits, dots and hyphens; the Region is appended',
      Description:
        'Prefix of the S3 buckets holding the function code: one bucket per target Region, named ' +
        '<CodeBucketPrefix>-<Region>, each readable by the target accounts',
    }),
  );
  parameters.set(
    'CodeS3Key',
    doc.createNode({
      Type: 'String',
      Default: `${appName}/${version}/function.zip`,
      Description:
        'S3 key of the function code zip (index.mjs, its chunks and their source maps) in every Region bucket',
    }),
  );
  parameters.set(
    'CodeS3ObjectVersion',
    doc.createNode({
      Type: 'String',
      // MinLength as well as the pattern: an empty value must never deploy whatever the key holds now.
      MinLength: 1,
      MaxLength: 1024,
      AllowedPattern: '^\\S{1,1024}$',
      ConstraintDescription: 'the version id S3 returned when the code zip was uploaded (no spaces)',
      Description:
        'Version id of the code zip (CodeS3Key) in the versioned code bucket of the Region. Lambda deploys ' +
        'exactly that version, so a later upload under the same key cannot change deployed code without a ' +
        'StackSet update. Every Region bucket gives its copy its own version id: override this parameter per ' +
        'Region (create-stack-instances / update-stack-instances --parameter-overrides)',
    }),
  );

  const interfaceGroups = doc.getIn(['Metadata', 'AWS::CloudFormation::Interface', 'ParameterGroups']);
  if (YAML.isSeq(interfaceGroups)) {
    interfaceGroups.items.unshift(
      doc.createNode({ Label: { default: 'Function code' }, Parameters: [...CODE_PARAMETERS] }),
    );
  }

  doc.commentBefore = [
    ' GENERATED by scripts/stackset-template.mjs from template.yaml: do not edit, regenerate.',
    ' Transform-free, for service-managed StackSets.',
    ' Function code: s3://<CodeBucketPrefix>-<Region>/<CodeS3Key>, version <CodeS3ObjectVersion>.',
    doc.commentBefore ? doc.commentBefore : '',
  ]
    .filter(Boolean)
    .join('\n');
  const text = doc.toString({ lineWidth: 0 });

  // The result must read back as a template without any SAM left in it.
  const check = parseTemplate(text, 'generated template');
  const leftovers = Object.entries(check.Resources ?? {}).filter(([, r]) =>
    String(r?.Type ?? '').startsWith('AWS::Serverless::'),
  );
  if (check.Transform !== undefined || leftovers.length > 0) fail('conversion left SAM in the template');
  return text;
}

function tagged(doc, tag, value) {
  const node = doc.createNode(value);
  node.tag = tag;
  return node;
}

async function main(argv) {
  const args = [...argv];
  let template = DEFAULT_TEMPLATE;
  let out = DEFAULT_OUT;
  let stdout = false;
  while (args.length > 0) {
    const arg = args.shift();
    if (arg === '--stdout') stdout = true;
    else if (arg === '--template' && args.length > 0) template = resolve(args.shift());
    else if (arg === '--out' && args.length > 0) out = resolve(args.shift());
    else
      throw new Error(
        'usage: node scripts/stackset-template.mjs [--template template.yaml] [--out file | --stdout] ' +
          `(bad argument ${arg})`,
      );
  }
  const text = toStackSetTemplate(await readFile(template, 'utf8'), {
    source: relative(process.cwd(), template) || template,
  });
  if (stdout) {
    process.stdout.write(text);
    return;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  console.error(`wrote ${relative(process.cwd(), out) || out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
