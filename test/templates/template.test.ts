/** template.yaml, Makefile and samconfig.toml: how the function is built, configured and published. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Fact, FactName } from 'aws-cdk-lib/region-info';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORTED_PARTITIONS } from '../../src/partitions.js';
import { type Json, ROOT, readCfn, subString, TEMPLATE } from './cfn.js';
import { TEST_DEPLOYMENT } from './deployment.js';
import { expectedBoundaryArn } from './execution-role-policy.js';
import { Resolver } from './resolve.js';

const template = readCfn(TEMPLATE);
const templateText = readFileSync(TEMPLATE, 'utf8');
const fn = template.Resources.PinpointEventStreamFunction;
const props = fn?.Properties ?? {};
const parameters = template.Parameters ?? {};
const BOUNDARY = {
  'Fn::If': ['CreateRoleBoundaryPolicy', { Ref: 'RoleBoundaryPolicy' }, { Ref: 'PermissionsBoundaryArn' }],
};
const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Does CloudFormation accept `value` for parameter `name` (AllowedPattern, AllowedValues, MinValue, MaxValue)? */
function accepts(name: string, value: string): boolean {
  const parameter = parameters[name];
  if (parameter === undefined) throw new Error(`no parameter ${name}`);
  if (typeof parameter.AllowedPattern === 'string' && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value))
    return false;
  if (Array.isArray(parameter.AllowedValues) && !parameter.AllowedValues.map(String).includes(value)) return false;
  if (parameter.Type === 'Number') {
    const number = Number(value);
    if (!Number.isFinite(number)) return false;
    if (parameter.MinValue !== undefined && number < Number(parameter.MinValue)) return false;
    if (parameter.MaxValue !== undefined && number > Number(parameter.MaxValue)) return false;
  }
  return true;
}

describe('template.yaml', () => {
  it('is a SAM template with one function', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(
      Object.values(template.Resources)
        .filter((r) => r.Type.startsWith('AWS::Serverless::'))
        .map((r) => r.Type),
    ).toEqual(['AWS::Serverless::Function']);
  });

  it('describes all four kinds of resource, in the template and on the function', () => {
    for (const text of [template.Description, props.Description]) {
      for (const kind of [
        'Custom::PinpointEventStream',
        'Custom::PinpointEmailSendingRole',
        'Custom::SmsVoiceEventDestination',
      ])
        expect(text).toContain(kind);
    }
    expect(template.Description).toMatch(/SES/);
    expect(template.Description).toMatch(/SMS and voice/);
    expect(String(props.Description).length).toBeLessThanOrEqual(256);
  });

  it('builds the function with the Makefile (bundle options live only in scripts/build.mjs)', () => {
    expect(fn?.Metadata).toEqual({ BuildMethod: 'makefile' });
    expect(props.CodeUri).toBe('.');
    expect(props.Handler).toBe('index.handler');
  });

  it("runs on a runtime every Region of every supported partition offers (aws-cdk-lib's Region facts)", () => {
    const regions = Fact.regions.filter((r) => SUPPORTED_PARTITIONS.includes(Fact.find(r, FactName.PARTITION) ?? ''));
    for (const partition of SUPPORTED_PARTITIONS) {
      expect(
        regions.some((r) => Fact.find(r, FactName.PARTITION) === partition),
        partition,
      ).toBe(true);
    }
    for (const region of regions) expect(Fact.find(region, FactName.LATEST_NODE_RUNTIME), region).toBe(props.Runtime);
  });

  it('runs on nodejs24.x, arm64, with a memory size (set by npm run bench)', () => {
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.MemorySize).toEqual(expect.any(Number));
    expect(props.MemorySize as number).toBeGreaterThanOrEqual(128);
    expect(props.MemorySize as number).toBeLessThanOrEqual(10240);
  });

  it('passes the function exactly its settings, and never ALLOW_LOOPBACK_RESPONSE_URL', () => {
    expect(props.Environment).toEqual({
      Variables: {
        MANAGED_ROLE_PATH_PREFIX: { Ref: 'ManagedRolePathPrefix' },
        ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY,
        PROPAGATION_TIMEOUT_SECONDS: { Ref: 'PropagationTimeoutSeconds' },
        DEPLOYMENT_ID: { Ref: 'AWS::StackName' },
        ALLOW_TAKEOVER: { Ref: 'AllowTakeover' },
        ENABLE_EMAIL_SENDING_ROLE: { Ref: 'EnableEmailSendingRole' },
      },
    });
    expect(templateText).not.toContain('ALLOW_LOOPBACK_RESPONSE_URL');
  });

  it('takes its timeout from a parameter (default 300 s) and exports it', () => {
    expect(props.Timeout).toEqual({ Ref: 'FunctionTimeout' });
    expect(parameters.FunctionTimeout).toMatchObject({ Type: 'Number', Default: 300, MinValue: 60, MaxValue: 900 });
    expect(template.Outputs?.FunctionTimeout?.Value).toEqual({ Ref: 'FunctionTimeout' });
    expect(subString(template.Outputs?.FunctionTimeout?.Export?.Name)).toBe('${AWS::StackName}-FunctionTimeout');
  });

  it('logs JSON to /aws/lambda/<function>, with retention (default 30 days) and level parameters', () => {
    const logging = props.LoggingConfig;
    expect(logging).toEqual({
      LogFormat: 'JSON',
      ApplicationLogLevel: { Ref: 'ApplicationLogLevel' },
      SystemLogLevel: 'INFO',
      LogGroup: { Ref: 'PinpointEventStreamFunctionLogGroup' },
    });
    const group = template.Resources.PinpointEventStreamFunctionLogGroup;
    expect(group?.Type).toBe('AWS::Logs::LogGroup');
    expect(props.FunctionName).toEqual({ Ref: 'FunctionName' });
    expect(subString(group?.Properties?.LogGroupName)).toBe('/aws/lambda/${FunctionName}');
    expect(group?.Properties?.RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect(parameters.LogRetentionInDays?.Default).toBe(30);
    expect(parameters.ApplicationLogLevel).toMatchObject({
      Type: 'String',
      Default: 'INFO',
      AllowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'],
    });
  });

  it('exports the ServiceToken and publishes it in SSM', () => {
    const arn = { 'Fn::GetAtt': ['PinpointEventStreamFunction', 'Arn'] };
    expect(template.Outputs?.ServiceToken?.Value).toEqual(arn);
    expect(subString(template.Outputs?.ServiceToken?.Export?.Name)).toBe('${AWS::StackName}-ServiceToken');
    const parameter = Object.values(template.Resources).find((r) => r.Type === 'AWS::SSM::Parameter');
    expect(parameter?.Properties).toMatchObject({
      Name: { Ref: 'ServiceTokenParameterName' },
      Type: 'String',
      Value: arn,
    });
    expect(parameters.ServiceTokenParameterName?.Default).toBe('/pinpoint-event-stream/service-token');
    expect(template.Outputs?.ServiceTokenParameterName).toBeDefined();
  });

  it('names no IAM resource, so CAPABILITY_IAM is enough', () => {
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (!resource.Type.startsWith('AWS::IAM::')) continue;
      for (const name of [
        'RoleName',
        'ManagedPolicyName',
        'PolicyName',
        'UserName',
        'GroupName',
        'InstanceProfileName',
      ]) {
        expect(resource.Properties?.[name], `${id}.${name}`).toBeUndefined();
      }
    }
  });
});

describe('template.yaml: the roles the function creates', () => {
  it('has the parameters, grouped in the console', () => {
    expect(parameters.ManagedRolePathPrefix).toMatchObject({ Type: 'String', Default: 'pinpoint-event-stream' });
    expect(parameters.PermissionsBoundaryArn).toMatchObject({ Type: 'String', Default: '' });
    expect(parameters.PropagationTimeoutSeconds).toMatchObject({ Type: 'Number', Default: 120 });
    const groups = (
      template.Metadata!['AWS::CloudFormation::Interface'] as { ParameterGroups: { Parameters: string[] }[] }
    ).ParameterGroups;
    const grouped = groups.flatMap((g) => g.Parameters);
    expect([...grouped].sort()).toEqual(Object.keys(parameters).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const parameter of Object.values(parameters)) expect(parameter.Description).toEqual(expect.any(String));
  });

  it.each([
    ['pinpoint-event-stream', true],
    ['messaging_roles.v2', true],
    ['a', true],
    ['', false],
    ['a/b', false],
    ['/pinpoint-event-stream/', false],
    ['pinpoint-*', false],
    ['pinpoint?', false],
    ['-leading-hyphen', false],
    ['x'.repeat(65), false],
  ])('ManagedRolePathPrefix %j accepted: %s (one IAM path segment, no wildcard)', (value, ok) => {
    expect(accepts('ManagedRolePathPrefix', value)).toBe(ok);
  });

  it.each([
    ['', true],
    ['arn:aws:iam::123456789012:policy/Boundary', true],
    ['arn:aws:iam::123456789012:policy/security/team/Boundary-v2', true],
    ['arn:aws-us-gov:iam::123456789012:policy/Boundary', true],
    ['arn:aws-cn:iam::123456789012:policy/Boundary', true],
    ['arn:aws:iam::aws:policy/AdministratorAccess', false],
    ['arn:aws:iam::123456789012:role/Boundary', false],
    ['arn:aws:iam::123456789012:policy/*', false],
    ['Boundary', false],
    [' arn:aws:iam::123456789012:policy/Boundary', false],
  ])('PermissionsBoundaryArn %j accepted: %s', (value, ok) => {
    expect(accepts('PermissionsBoundaryArn', value)).toBe(ok);
  });

  it('bounds PropagationTimeoutSeconds within what a 60-900 s function can wait', () => {
    expect(accepts('PropagationTimeoutSeconds', '120')).toBe(true);
    expect(accepts('PropagationTimeoutSeconds', '10')).toBe(true);
    expect(accepts('PropagationTimeoutSeconds', '9')).toBe(false);
    expect(accepts('PropagationTimeoutSeconds', '840')).toBe(true);
    expect(accepts('PropagationTimeoutSeconds', '841')).toBe(false);
    expect(Number(parameters.PropagationTimeoutSeconds?.MaxValue)).toBeLessThan(
      Number(parameters.FunctionTimeout?.MaxValue),
    );
  });

  it('creates the boundary only without PermissionsBoundaryArn, with no fixed name, under the prefix path', () => {
    expect(template.Conditions?.CreateRoleBoundaryPolicy).toEqual({
      'Fn::Equals': [{ Ref: 'PermissionsBoundaryArn' }, ''],
    });
    const policy = template.Resources.RoleBoundaryPolicy;
    expect(policy?.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(policy?.Condition).toBe('CreateRoleBoundaryPolicy');
    expect(policy?.Properties?.ManagedPolicyName).toBeUndefined();
    expect(subString(policy?.Properties?.Path)).toBe('/${ManagedRolePathPrefix}/');
    expect(policy?.Properties?.Roles ?? policy?.Properties?.Users ?? policy?.Properties?.Groups).toBeUndefined();
    expect(template.Outputs?.RolePermissionsBoundaryArn?.Value).toEqual(BOUNDARY);
    expect(subString(template.Outputs?.ManagedRolePath?.Value)).toBe('/${ManagedRolePathPrefix}/${AWS::Region}/');
  });

  it('tells the function the boundary of the deployment: the created one, or the one given', () => {
    expect(expectedBoundaryArn()).toBe(TEST_DEPLOYMENT.boundaryArn);
    const own = 'arn:aws:iam::123456789012:policy/OurBoundary';
    expect(expectedBoundaryArn({ parameters: { PermissionsBoundaryArn: own } })).toBe(own);
    const variables = new Resolver(template).value(props.Environment as Json) as { Variables: Record<string, string> };
    expect(variables.Variables).toMatchObject({
      MANAGED_ROLE_PATH_PREFIX: 'pinpoint-event-stream',
      PROPAGATION_TIMEOUT_SECONDS: '120',
    });
  });
});

describe('template.yaml: Serverless Application Repository metadata (what sam publish accepts)', () => {
  const app = template.Metadata?.['AWS::ServerlessRepo::Application'] as Record<string, unknown>;

  it('has the required fields and the released version, equal to package.json', () => {
    expect(app).toMatchObject({
      Name: expect.any(String),
      Description: expect.any(String),
      Author: expect.any(String),
      SpdxLicenseId: 'MIT-0',
      LicenseUrl: 'LICENSE',
      ReadmeUrl: 'README.md',
    });
    expect(app.SemanticVersion).toBe(packageVersion);
  });

  it('keeps within SAR limits: Name 1-140 [a-zA-Z0-9-], Description 1-256, Author 1-127 hyphenated words', () => {
    expect(String(app.Name)).toMatch(/^[a-zA-Z0-9-]{1,140}$/);
    expect(String(app.Description).length).toBeGreaterThanOrEqual(1);
    expect(String(app.Description).length).toBeLessThanOrEqual(256);
    expect(String(app.Author).length).toBeLessThanOrEqual(127);
    expect(String(app.Author)).toMatch(/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/);
  });

  it('has at most 10 Labels, each 1-127 characters of [a-zA-Z0-9+-_:/@]', () => {
    const labels = app.Labels as string[];
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThanOrEqual(10);
    for (const label of labels) expect(label).toMatch(/^[a-zA-Z0-9+\-_:/@]{1,127}$/);
  });

  it('mentions SMS and voice event destinations in its Description', () => {
    expect(String(app.Description)).toMatch(/SMS and voice event destinations/);
  });

  it('invents no URL and holds no placeholder', () => {
    for (const key of ['HomePageUrl', 'SourceCodeUrl']) {
      if (app[key] !== undefined) expect(String(app[key])).toMatch(/^https:\/\/(?!.*(example|placeholder))/i);
    }
    expect(templateText).not.toMatch(/PLACEHOLDER/i);
  });
});

describe('Makefile', () => {
  const makefile = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  const recipe = (target: string) => {
    const match = new RegExp(`^${target}:[^\\n]*\\n((?:\\t[^\\n]*\\n)*)`, 'm').exec(makefile);
    return (match?.[1] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  };
  const work = mkdtempSync(join(tmpdir(), 'makefile-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A dist/ as the code-splitting build leaves it, plus files that are not part of the bundle. */
  function fakeDist(): string {
    const dist = join(work, `dist-${Math.random().toString(36).slice(2)}`);
    const files: Record<string, string> = {
      'index.mjs': 'export const handler = 1;',
      'index.mjs.map': '{}',
      'chunk-ABC123.mjs': 'export {};',
      'chunk-ABC123.mjs.map': '{}',
      'chunks/aws/chunk-DEF456.mjs': 'export {};',
      'chunks/aws/chunk-DEF456.mjs.map': '{}',
      'stackset-template.yaml': 'x',
      'function.zip': 'not a zip',
      'notes.txt': 'x',
      'index.mjs.bak': 'x',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dist, name)), { recursive: true });
      writeFileSync(join(dist, name), text);
    }
    return dist;
  }
  const BUNDLE = [
    'chunk-ABC123.mjs',
    'chunk-ABC123.mjs.map',
    'chunks/aws/chunk-DEF456.mjs',
    'chunks/aws/chunk-DEF456.mjs.map',
    'index.mjs',
    'index.mjs.map',
  ];

  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => statSync(join(dir, name)).isFile())
      .map((name) => relative(dir, join(dir, name)))
      .sort();
  }

  function make(...args: string[]) {
    const result = spawnSync('make', ['--no-print-directory', '-f', join(ROOT, 'Makefile'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  }

  it('has the target sam build calls, which runs npm ci and npm run build and copies the bundle', () => {
    expect(recipe('build-PinpointEventStreamFunction')).toEqual([
      'npm ci',
      'npm run build',
      '$(MAKE) -f "$(SELF)" copy-bundle DEST="$(ARTIFACTS_DIR)"',
    ]);
    expect(recipe('function-zip')).toEqual(['npm ci', 'npm run build', '$(MAKE) -f "$(SELF)" zip-bundle']);
  });

  it('copies every .mjs and .mjs.map under dist/, keeping the layout, and nothing else', () => {
    const dist = fakeDist();
    const out = join(work, 'artifacts');
    mkdirSync(out);
    make('copy-bundle', `DIST=${dist}`, `DEST=${out}`);
    expect(filesUnder(out)).toEqual(BUNDLE);
    expect(readFileSync(join(out, 'chunks/aws/chunk-DEF456.mjs'), 'utf8')).toBe('export {};');
  });

  it('zips the same files, with the same layout, reproducibly', () => {
    const dist = fakeDist();
    make('zip-bundle', `DIST=${dist}`);
    const listing = spawnSync('unzip', ['-Z1', join(dist, 'function.zip')], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual(BUNDLE);
  });

  it('holds no bundler options of its own', () => {
    expect(makefile).not.toMatch(/esbuild/);
    const withoutComments = templateText.replace(/#.*$/gm, '');
    expect(withoutComments).not.toMatch(/BuildProperties|esbuild/i);
  });
});

describe('samconfig.toml', () => {
  const config = readFileSync(join(ROOT, 'samconfig.toml'), 'utf8');
  const setting = (name: string) => new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm').exec(config)?.[1]?.trim();

  it('deploys with CAPABILITY_IAM only (no named IAM resources), S3 resolved, the change set confirmed', () => {
    expect(setting('version')).toBe('0.1');
    expect(config).toMatch(/^\[default\.deploy\.parameters\]$/m);
    expect(setting('stack_name')).toBe('"pinpoint-event-stream-resource"');
    expect(setting('capabilities')).toBe('"CAPABILITY_IAM"');
    expect(setting('resolve_s3')).toBe('true');
    expect(setting('confirm_changeset')).toBe('true');
  });

  it("leaves the Region to the user's profile", () => {
    expect(setting('region')).toBeUndefined();
  });

  it('asks for no other capability anywhere', () => {
    const settings = config.replace(/#.*$/gm, '');
    expect(settings).not.toMatch(/CAPABILITY_NAMED_IAM|CAPABILITY_AUTO_EXPAND|CAPABILITY_RESOURCE_POLICY/);
  });
});
