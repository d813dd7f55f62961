/**
 * examples/*.yaml use the custom resources exactly as the contract defines them
 * (shared/resource-contract.md): property names, ServiceTimeout, ServiceToken sources.
 */

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import { SES_EVENT_TYPES } from '../../src/event-types.js';
import { DEFAULT_SERVICE_TOKEN_PARAMETER, RESOURCE_TYPES, SUPPORTED_RESOURCE_TYPES } from '../../src/names.js';
import { KINDS, kindOf } from '../../src/resources/index.js';
import {
  actionsOf,
  asList,
  EXAMPLES_DIR,
  exampleTemplates,
  isRecord,
  type Resource,
  readCfn,
  type Statement,
  subString,
  TEMPLATE,
} from './cfn.js';

/** The property names each example's resource type accepts: the kinds' own lists (src/resources). */
async function acceptedBy(type: string, properties: Record<string, unknown>): Promise<readonly string[]> {
  return (await KINDS[kindOf(type, properties)]()).properties;
}
const CLOUDFORMATION = ['ServiceToken', 'ServiceTimeout'];
/** The event types the SMS and voice API knows today (the function does not hard-code them). */
const SMS_VOICE_EVENT_TYPES: string[] = Object.values(EventType);
const SSM_TOKEN = `{{resolve:ssm:${DEFAULT_SERVICE_TOKEN_PARAMETER}}}`;

const functionTimeout = Number(readCfn(TEMPLATE).Parameters?.FunctionTimeout?.Default);
const customResources = exampleTemplates().flatMap((file) =>
  Object.entries(readCfn(file).Resources)
    .filter(
      ([, resource]) => resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource',
    )
    .map(([id, resource]) => [`${basename(file)} ${id}`, resource] as [string, Resource]),
);

describe('examples', () => {
  it('has the documented examples', () => {
    for (const name of [
      'consumer-pinpoint-kinesis.yaml',
      'ses-firehose-destination.yaml',
      'email-sending-role.yaml',
      'sms-voice-event-destination.yaml',
      'service-catalog-product.yaml',
      'stackset-rollout.md',
    ]) {
      expect(existsSync(join(EXAMPLES_DIR, name)), name).toBe(true);
    }
    // Every type but the SES alias (Custom::PinpointEventStream is shown with ApplicationId).
    expect(new Set(customResources.map(([, r]) => r.Type))).toEqual(new Set(SUPPORTED_RESOURCE_TYPES));
  });

  it.each(customResources)('%s uses only the property names its kind accepts', async (_where, resource) => {
    const props = resource.Properties ?? {};
    const accepted = await acceptedBy(resource.Type, props);
    const unknown = Object.keys(props).filter((name) => !accepted.includes(name) && !CLOUDFORMATION.includes(name));
    expect(unknown).toEqual([]);
  });

  it.each(customResources)('%s sets ServiceTimeout a little above the function timeout', (_where, resource) => {
    const timeout = Number(resource.Properties?.ServiceTimeout);
    expect(timeout).toBeGreaterThan(functionTimeout);
    expect(timeout).toBeLessThanOrEqual(functionTimeout + 120);
  });

  it.each(customResources)('%s takes its ServiceToken from the export or the SSM parameter', (_where, resource) => {
    const token = resource.Properties?.ServiceToken;
    if (typeof token === 'string') expect(token).toBe(SSM_TOKEN);
    else {
      const imported = isRecord(token) ? token['Fn::ImportValue'] : undefined;
      expect(subString(imported)).toBe('${ResourceStackName}-ServiceToken');
    }
  });

  it.each(customResources.filter(([, r]) => r.Type === RESOURCE_TYPES.sesEventDestination))(
    '%s matches known SES event types',
    (_where, resource) => {
      const props = resource.Properties ?? {};
      for (const type of asList(props.MatchingEventTypes as string[] | undefined))
        expect(SES_EVENT_TYPES).toContain(type);
    },
  );

  const smsVoice = customResources.filter(([, r]) => r.Type === RESOURCE_TYPES.smsVoiceEventDestination);

  it('shows both SMS and voice destinations: a Firehose delivery stream and a CloudWatch Logs log group', () => {
    const template = readCfn(join(EXAMPLES_DIR, 'sms-voice-event-destination.yaml'));
    const destinations = Object.values(template.Resources).filter(
      (r) => r.Type === RESOURCE_TYPES.smsVoiceEventDestination,
    );
    expect(destinations.filter((r) => 'DestinationStreamArn' in (r.Properties ?? {}))).toHaveLength(1);
    expect(destinations.filter((r) => 'LogGroupArn' in (r.Properties ?? {}))).toHaveLength(1);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SMSVOICE::ConfigurationSet')).toHaveLength(
      1,
    );
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(
      expect.arrayContaining([
        'AWS::KinesisFirehose::DeliveryStream',
        'AWS::S3::Bucket',
        'AWS::IAM::Role',
        'AWS::Logs::LogGroup',
      ]),
    );
    for (const output of Object.values(template.Outputs ?? {})) {
      const getAtt = isRecord(output.Value) ? output.Value['Fn::GetAtt'] : undefined;
      if (Array.isArray(getAtt) && template.Resources[String(getAtt[0])]?.Type === 'Custom::SmsVoiceEventDestination')
        expect(getAtt[1]).toBe('RoleArn');
    }
  });

  it.each(smsVoice)(
    '%s names its configuration set, exactly one of DestinationStreamArn / LogGroupArn, and known event types',
    (_where, resource) => {
      const props = resource.Properties ?? {};
      expect(props.ConfigurationSetName).toBeDefined();
      expect(['DestinationStreamArn', 'LogGroupArn'].filter((name) => name in props)).toHaveLength(1);
      for (const type of asList(props.MatchingEventTypes as string[] | undefined)) {
        expect(type).toMatch(/^[A-Z_]+$/);
        expect(SMS_VOICE_EVENT_TYPES).toContain(type);
      }
      if (props.Enabled !== undefined) expect(['true', 'false']).toContain(props.Enabled);
    },
  );

  it('passes no PermissionsBoundary anywhere', () => {
    for (const file of exampleTemplates()) expect(readFileSync(file, 'utf8'), file).not.toMatch(/PermissionsBoundary/);
  });

  it('gives the Service Catalog launch role no IAM rights, and lambda:InvokeFunction on the ServiceToken only', () => {
    const template = readCfn(join(EXAMPLES_DIR, 'service-catalog-product.yaml'));
    const constraint = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::ServiceCatalog::LaunchRoleConstraint',
    );
    const roleRef = constraint?.Properties?.RoleArn;
    const roleId = isRecord(roleRef) && Array.isArray(roleRef['Fn::GetAtt']) ? String(roleRef['Fn::GetAtt'][0]) : '';
    const policies = asList(
      template.Resources[roleId]?.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined,
    );
    const statements = policies.flatMap((p) => asList(p.PolicyDocument.Statement));
    expect(statements).not.toHaveLength(0);
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith('iam:'))).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const invoke = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke[0] as Statement)).toEqual(['lambda:InvokeFunction']);
    expect(subString((invoke[0]!.Resource as Record<string, unknown>)['Fn::ImportValue'])).toBe(
      '${ResourceStackName}-ServiceToken',
    );
  });

  it('documents the StackSet rollout with the generator script and service-managed permissions', () => {
    const doc = readFileSync(join(EXAMPLES_DIR, 'stackset-rollout.md'), 'utf8');
    for (const text of [
      'scripts/stackset-template.mjs',
      '--permission-model SERVICE_MANAGED',
      '--auto-deployment',
      'create-stack-instances',
      'OrganizationalUnitIds',
    ]) {
      expect(doc).toContain(text);
    }
  });

  it('pins the function code to an object version in versioned code buckets', () => {
    const doc = readFileSync(join(EXAMPLES_DIR, 'stackset-rollout.md'), 'utf8');
    for (const text of [
      'put-bucket-versioning',
      'Status=Enabled',
      'CodeS3ObjectVersion',
      '--parameter-overrides',
      's3:GetObjectVersion',
      'VersionId',
    ]) {
      expect(doc).toContain(text);
    }
    for (const parameter of [
      'ManagedRolePathPrefix',
      'PermissionsBoundaryArn',
      'PropagationTimeoutSeconds',
      'ApplicationLogLevel',
    ])
      expect(doc).toContain(parameter);
    expect(doc).not.toMatch(/CAPABILITY_NAMED_IAM/);
    expect(doc).toContain('--capabilities CAPABILITY_IAM');
  });
});
