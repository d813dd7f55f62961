/**
 * scripts/stackset-template.mjs derives the transform-free StackSet template from
 * template.yaml: only the function changes (AWS::Lambda::Function, code from
 * <CodeBucketPrefix>-<Region>/<CodeS3Key> at version CodeS3ObjectVersion), everything else
 * stays as written.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_PARAMETERS, toStackSetTemplate } from '../../scripts/stackset-template.mjs';
import { parseCfn, ROOT, readCfn, TEMPLATE, type Template } from './cfn.js';

const samText = readFileSync(TEMPLATE, 'utf8');
const sam = readCfn(TEMPLATE);
const generatedText = toStackSetTemplate(samText);
const generated = parseCfn(generatedText, 'generated');
const FUNCTION_ID = 'PinpointEventStreamFunction';
const CODE = {
  S3Bucket: { 'Fn::Sub': '${CodeBucketPrefix}-${AWS::Region}' },
  S3Key: { Ref: 'CodeS3Key' },
  S3ObjectVersion: { Ref: 'CodeS3ObjectVersion' },
};

function without<T extends object>(value: T | undefined, ...keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(value ?? {}) };
  for (const key of keys) delete copy[key];
  return copy;
}

const MINIMAL = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: index.handler
      Runtime: nodejs24.x
      Role: !GetAtt Role.Arn
`;

describe('StackSet template', () => {
  it('has no Transform and no AWS::Serverless::* resource', () => {
    expect(generated.Transform).toBeUndefined();
    expect(Object.values(generated.Resources).filter((r) => r.Type.startsWith('AWS::Serverless::'))).toEqual([]);
  });

  it('turns the function into an AWS::Lambda::Function with a pinned code version from its Region bucket', () => {
    const fn = generated.Resources[FUNCTION_ID];
    expect(fn?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.Properties?.Code).toEqual(CODE);
    expect(fn?.Metadata).toBeUndefined();
  });

  it('keeps every function property but CodeUri unchanged', () => {
    expect(without(generated.Resources[FUNCTION_ID]?.Properties, 'Code')).toEqual(
      without(sam.Resources[FUNCTION_ID]?.Properties, 'CodeUri'),
    );
  });

  it('keeps every other resource, output, condition and parameter identical', () => {
    const rest = (t: Template) => without(t.Resources, FUNCTION_ID);
    expect(rest(generated)).toEqual(rest(sam));
    expect(generated.Outputs).toEqual(sam.Outputs);
    expect(generated.Conditions).toEqual(sam.Conditions);
    expect(generated.Description).toEqual(sam.Description);
    expect(without(generated.Parameters, ...CODE_PARAMETERS)).toEqual(sam.Parameters);
    expect(without(generated.Metadata, 'AWS::CloudFormation::Interface')).toEqual(
      without(sam.Metadata, 'AWS::CloudFormation::Interface'),
    );
  });

  it('adds CodeBucketPrefix, CodeS3Key and CodeS3ObjectVersion, the key defaulting to the released version', () => {
    const version = (sam.Metadata!['AWS::ServerlessRepo::Application'] as { SemanticVersion: string }).SemanticVersion;
    expect(CODE_PARAMETERS).toEqual(['CodeBucketPrefix', 'CodeS3Key', 'CodeS3ObjectVersion']);
    expect(generated.Parameters?.CodeBucketPrefix?.Type).toBe('String');
    expect(generated.Parameters?.CodeBucketPrefix?.Default).toBeUndefined();
    expect(generated.Parameters?.CodeS3Key?.Default).toBe(`pinpoint-event-stream-resource/${version}/function.zip`);
    expect(version).toBe('3.0.0');
  });

  it('requires the version id of the code object, and says why', () => {
    const parameter = generated.Parameters?.CodeS3ObjectVersion;
    expect(parameter?.Type).toBe('String');
    expect(parameter?.Default).toBeUndefined();
    expect(String(parameter?.Description)).toMatch(/version id/i);
    expect(String(parameter?.Description)).toMatch(
      /later upload .* cannot change deployed code without a StackSet update/,
    );
    const pattern = new RegExp(String(parameter?.AllowedPattern));
    expect(pattern.test('3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY')).toBe(true);
    expect(pattern.test('')).toBe(false);
    expect(pattern.test('has space')).toBe(false);
    // CloudFormation checks MinLength for an empty value whatever the pattern says.
    expect(parameter?.MinLength).toBe(1);
    expect(parameter?.MaxLength).toBe(1024);
  });

  it('carries the parameters of the roles the function creates, and groups the code parameters first', () => {
    for (const name of [
      'ManagedRolePathPrefix',
      'PermissionsBoundaryArn',
      'PropagationTimeoutSeconds',
      'ApplicationLogLevel',
    ]) {
      expect(generated.Parameters?.[name], name).toEqual(sam.Parameters?.[name]);
    }
    const groups = (
      generated.Metadata!['AWS::CloudFormation::Interface'] as {
        ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
      }
    ).ParameterGroups;
    expect(groups[0]).toEqual({ Label: { default: 'Function code' }, Parameters: [...CODE_PARAMETERS] });
    expect(groups.flatMap((g) => g.Parameters).sort()).toEqual(Object.keys(generated.Parameters ?? {}).sort());
  });

  it('keeps the short-form tags as written and says it is generated', () => {
    expect(generatedText).toMatch(/^# GENERATED by scripts\/stackset-template\.mjs/);
    expect(generatedText).toContain('Value: !GetAtt PinpointEventStreamFunction.Arn');
    expect(generatedText).toContain("Name: !Sub '${AWS::StackName}-ServiceToken'");
  });

  it('is deterministic', () => {
    expect(toStackSetTemplate(samText)).toBe(generatedText);
  });

  it('prints the same template from the command line', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/stackset-template.mjs'), '--stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(generatedText);
  });

  it('converts a minimal SAM function', () => {
    const out = parseCfn(toStackSetTemplate(MINIMAL), 'minimal');
    expect(out.Resources.Fn?.Type).toBe('AWS::Lambda::Function');
    expect(out.Resources.Fn?.Properties).toEqual({
      Code: CODE,
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
    });
  });

  it.each([
    ['no SAM transform', MINIMAL.replace('Transform: AWS::Serverless-2016-10-31\n', ''), /Transform/],
    ['Globals', `${MINIMAL}Globals:\n  Function:\n    Timeout: 5\n`, /Globals/],
    ['SAM-only properties (Events)', `${MINIMAL}      Events:\n        Api:\n          Type: Api\n`, /Events/],
    ['no explicit Role', MINIMAL.replace('      Role: !GetAtt Role.Arn\n', ''), /explicit Role/],
    [
      'a second serverless resource',
      `${MINIMAL}  Api:\n    Type: AWS::Serverless::Api\n    Properties: {}\n`,
      /only one/,
    ],
    [
      'an existing CodeBucketPrefix parameter',
      `${MINIMAL}Parameters:\n  CodeBucketPrefix:\n    Type: String\n`,
      /CodeBucketPrefix/,
    ],
    [
      'an existing CodeS3ObjectVersion parameter',
      `${MINIMAL}Parameters:\n  CodeS3ObjectVersion:\n    Type: String\n`,
      /CodeS3ObjectVersion/,
    ],
  ])('refuses a template with %s rather than converting it unfaithfully', (_what, text, message) => {
    expect(() => toStackSetTemplate(text)).toThrow(message);
  });
});
