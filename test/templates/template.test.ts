/** template.yaml, Makefile and samconfig.toml: how the function is built, configured and published. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecord, readCfn, ROOT, subString, TEMPLATE } from './cfn.js';

const template = readCfn(TEMPLATE);
const fn = template.Resources.PinpointEventStreamFunction;
const props = fn?.Properties ?? {};

describe('template.yaml', () => {
  it('is a SAM template with one function', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(Object.values(template.Resources).filter((r) => r.Type.startsWith('AWS::Serverless::')).map((r) => r.Type)).toEqual([
      'AWS::Serverless::Function',
    ]);
  });

  it('builds the function with the Makefile (bundle options live only in scripts/build.mjs)', () => {
    expect(fn?.Metadata).toEqual({ BuildMethod: 'makefile' });
    expect(props.CodeUri).toBe('.');
    expect(props.Handler).toBe('index.handler');
  });

  it('runs on nodejs22.x, arm64, 256 MB, with source maps', () => {
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.MemorySize).toBe(256);
    expect(props.Environment).toEqual({ Variables: { NODE_OPTIONS: '--enable-source-maps' } });
  });

  it('takes its timeout from a parameter (default 300 s) and exports it', () => {
    expect(props.Timeout).toEqual({ Ref: 'FunctionTimeout' });
    expect(template.Parameters?.FunctionTimeout).toMatchObject({ Type: 'Number', Default: 300 });
    expect(template.Outputs?.FunctionTimeout?.Value).toEqual({ Ref: 'FunctionTimeout' });
    expect(subString(template.Outputs?.FunctionTimeout?.Export?.Name)).toBe('${AWS::StackName}-FunctionTimeout');
  });

  it('logs to its own log group /aws/lambda/<function> with a retention parameter (default 30 days)', () => {
    const logging = props.LoggingConfig;
    const groupId = isRecord(logging) && isRecord(logging.LogGroup) ? logging.LogGroup.Ref : undefined;
    const group = template.Resources[String(groupId)];
    expect(group?.Type).toBe('AWS::Logs::LogGroup');
    expect(props.FunctionName).toEqual({ Ref: 'FunctionName' });
    expect(subString(group?.Properties?.LogGroupName)).toBe('/aws/lambda/${FunctionName}');
    expect(group?.Properties?.RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect(template.Parameters?.LogRetentionInDays?.Default).toBe(30);
  });

  it('exports the ServiceToken and publishes it in SSM', () => {
    const arn = { 'Fn::GetAtt': ['PinpointEventStreamFunction', 'Arn'] };
    expect(template.Outputs?.ServiceToken?.Value).toEqual(arn);
    expect(subString(template.Outputs?.ServiceToken?.Export?.Name)).toBe('${AWS::StackName}-ServiceToken');
    const parameter = Object.values(template.Resources).find((r) => r.Type === 'AWS::SSM::Parameter');
    expect(parameter?.Properties).toMatchObject({ Name: { Ref: 'ServiceTokenParameterName' }, Type: 'String', Value: arn });
    expect(template.Parameters?.ServiceTokenParameterName?.Default).toBe('/pinpoint-event-stream/service-token');
    expect(template.Outputs?.ServiceTokenParameterName).toBeDefined();
  });

  it('describes the application for the Serverless Application Repository', () => {
    expect(template.Metadata?.['AWS::ServerlessRepo::Application']).toMatchObject({
      Name: expect.any(String),
      Description: expect.any(String),
      Author: expect.any(String),
      SpdxLicenseId: 'MIT-0',
      LicenseUrl: 'LICENSE',
      ReadmeUrl: 'README.md',
      SemanticVersion: '1.0.0',
      HomePageUrl: expect.any(String),
      SourceCodeUrl: expect.any(String),
      Labels: expect.any(Array),
    });
  });
});

describe('Makefile', () => {
  const makefile = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  const recipe = (target: string) => {
    const match = new RegExp(`^${target}:[^\\n]*\\n((?:\\t[^\\n]*\\n)*)`, 'm').exec(makefile);
    return (match?.[1] ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  };

  it('has the target sam build calls, which runs npm ci and npm run build and copies the bundle', () => {
    expect(recipe('build-PinpointEventStreamFunction')).toEqual([
      'npm ci',
      'npm run build',
      'cp dist/index.mjs dist/index.mjs.map "$(ARTIFACTS_DIR)/"',
    ]);
  });

  it('holds no bundler options of its own', () => {
    expect(makefile).not.toMatch(/esbuild/);
    const withoutComments = readFileSync(TEMPLATE, 'utf8').replace(/#.*$/gm, '');
    expect(withoutComments).not.toMatch(/BuildProperties|esbuild/i);
  });
});

describe('samconfig.toml', () => {
  const config = readFileSync(join(ROOT, 'samconfig.toml'), 'utf8');
  const setting = (name: string) => new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm').exec(config)?.[1]?.trim();

  it('deploys the stack with IAM capabilities, S3 resolved and the change set confirmed', () => {
    expect(setting('version')).toBe('0.1');
    expect(config).toMatch(/^\[default\.deploy\.parameters\]$/m);
    expect(setting('stack_name')).toBe('"pinpoint-event-stream-resource"');
    expect(setting('capabilities')).toBe('"CAPABILITY_IAM CAPABILITY_NAMED_IAM"');
    expect(setting('resolve_s3')).toBe('true');
    expect(setting('confirm_changeset')).toBe('true');
  });

  it("leaves the Region to the user's profile", () => {
    expect(setting('region')).toBeUndefined();
  });
});
