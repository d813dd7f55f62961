// The gateway's authorization record: every call signed with the FUNCTION's key becomes
// { action, resource, context } as an IAM policy simulator needs it (resource ARNs with the
// role's path, request and resource tags, the boundary, and a separate iam:PassRole for each
// call that hands a role to a service). Calls signed with the seed key are not recorded.

import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  CreateEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  PinpointSMSVoiceV2Client,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CreateConfigurationSetEventDestinationCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  type Clients,
  clients,
  FUNCTION_ACCESS_KEY_ID,
  MANAGED_PATH_PREFIX,
  REGION,
  type SmsWorld,
  seed,
} from '../../local/index.js';
import { startTestGateway } from './support.js';

let gateway: Gateway;
let direct: Clients;
let via: Clients;
let world: SmsWorld;
let fn: {
  iam: IAMClient;
  pinpoint: PinpointClient;
  ses: SESv2Client;
  sms: PinpointSMSVoiceV2Client;
  cfn: CloudFormationClient;
};
let counter = 0;

const PATH = `/${MANAGED_PATH_PREFIX}/${REGION}/`;
const roleArn = (name: string, path = PATH) => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
const newName = () => `authz-${process.pid}-${Date.now().toString(36)}-${counter++}`;

/** A role trusted by every service the tests hand it to, allowed to write to the world's destinations. */
function trust() {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: ['pinpoint.amazonaws.com', 'ses.amazonaws.com', 'sms-voice.amazonaws.com'] },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}
async function ownRole(name: string) {
  await direct.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Path: PATH,
      AssumeRolePolicyDocument: trust(),
      PermissionsBoundary: BOUNDARY_ARN,
      Tags: [{ Key: 'owner', Value: 'stack-a' }],
    }),
  );
  const statement = [
    { Effect: 'Allow', Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Resource: world.KinesisStreamArn },
    {
      Effect: 'Allow',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
      Resource: world.FirehoseStreamArn,
    },
  ];
  await direct.iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'pinpoint-event-stream',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
    }),
  );
  return roleArn(name);
}

beforeAll(async () => {
  const moto = inject('motoEndpoint');
  gateway = await startTestGateway();
  direct = clients(moto);
  via = clients(gateway.endpoint);
  const config = {
    region: REGION,
    endpoint: gateway.endpoint,
    credentials: { accessKeyId: FUNCTION_ACCESS_KEY_ID, secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
  fn = {
    iam: new IAMClient(config),
    pinpoint: new PinpointClient(config),
    ses: new SESv2Client(config),
    sms: new PinpointSMSVoiceV2Client(config),
    cfn: new CloudFormationClient(config),
  };
  world = await seed(direct, { viaGateway: via });
});
afterAll(async () => gateway?.close());
beforeEach(() => gateway.reset());

describe('IAM', () => {
  it('CreateRole: the ARN from its Path, request tags, tag keys and the requested boundary', async () => {
    const name = newName();
    await fn.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: PATH,
        AssumeRolePolicyDocument: trust(),
        PermissionsBoundary: BOUNDARY_ARN,
        Tags: [
          { Key: 'owner', Value: 'stack-a' },
          { Key: 'logical-id', Value: 'Events' },
        ],
      }),
    );
    expect(gateway.authz()).toEqual([
      {
        action: 'iam:CreateRole',
        resource: roleArn(name),
        context: {
          'aws:RequestTag/owner': 'stack-a',
          'aws:RequestTag/logical-id': 'Events',
          'aws:TagKeys': ['owner', 'logical-id'],
          'iam:PermissionsBoundary': BOUNDARY_ARN,
        },
      },
    ]);
  });

  it(
    'actions on an existing role: its full ARN (path), its tags and its current boundary, looked up before ' +
      'the call',
    async () => {
      const name = newName();
      await ownRole(name);
      await fn.iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'extra', Value: '1' }] }));
      await fn.iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: ['extra'] }));
      await fn.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'kinesis:PutRecords', Resource: world.KinesisStreamArn }],
          }),
        }),
      );
      await fn.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
      const base = { 'iam:ResourceTag/owner': 'stack-a', 'iam:PermissionsBoundary': BOUNDARY_ARN };
      expect(gateway.authz()).toEqual([
        {
          action: 'iam:TagRole',
          resource: roleArn(name),
          context: { ...base, 'aws:RequestTag/extra': '1', 'aws:TagKeys': ['extra'] },
        },
        // The tag TagRole added is on the role by the time UntagRole is looked up.
        {
          action: 'iam:UntagRole',
          resource: roleArn(name),
          context: { ...base, 'iam:ResourceTag/extra': '1', 'aws:TagKeys': ['extra'] },
        },
        { action: 'iam:PutRolePolicy', resource: roleArn(name), context: base },
        { action: 'iam:DeleteRolePolicy', resource: roleArn(name), context: base },
      ]);
    },
  );

  it('a role that does not exist: role/<name> (no path known), no resource tags', async () => {
    const name = newName();
    await fn.iam.send(new GetRoleCommand({ RoleName: name })).catch(() => undefined);
    expect(gateway.authz()).toEqual([{ action: 'iam:GetRole', resource: roleArn(name, '/'), context: {} }]);
  });

  it('the seed key is never recorded', async () => {
    await via.iam.send(new GetRoleCommand({ RoleName: newName() })).catch(() => undefined);
    await via.smsVoice.send(new DescribeConfigurationSetsCommand({}));
    expect(gateway.calls()).toEqual(['iam:GetRole', 'sms-voice:DescribeConfigurationSets']);
    expect(gateway.authz()).toEqual([]);
  });
});

describe('services, with the iam:PassRole each implies', () => {
  it('Pinpoint PutEventStream: the app ARN, then PassRole to pinpoint.amazonaws.com with the role tags', async () => {
    const role = await ownRole(newName());
    await fn.pinpoint.send(
      new PutEventStreamCommand({
        ApplicationId: world.ApplicationId,
        WriteEventStream: { DestinationStreamArn: world.KinesisStreamArn, RoleArn: role },
      }),
    );
    expect(gateway.authz()).toEqual([
      {
        action: 'mobiletargeting:PutEventStream',
        resource: `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${world.ApplicationId}/eventstream`,
        context: {},
      },
      {
        action: 'iam:PassRole',
        resource: role,
        context: { 'iam:PassedToService': 'pinpoint.amazonaws.com', 'iam:ResourceTag/owner': 'stack-a' },
      },
    ]);
  });

  it('SES v2 event destination: the configuration set ARN, then PassRole to ses.amazonaws.com', async () => {
    const role = await ownRole(newName());
    await fn.ses.send(
      new CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: world.ConfigurationSetName,
        EventDestinationName: 'Email',
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['SEND'],
          KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn },
        },
      }),
    );
    expect(gateway.authz()).toEqual([
      {
        action: 'ses:CreateConfigurationSetEventDestination',
        resource: `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/${world.ConfigurationSetName}`,
        context: {},
      },
      {
        action: 'iam:PassRole',
        resource: role,
        context: { 'iam:PassedToService': 'ses.amazonaws.com', 'iam:ResourceTag/owner': 'stack-a' },
      },
    ]);
  });

  it(
    'SMS voice: the configuration set ARN (or * unfiltered), PassRole to ' +
      'sms-voice.amazonaws.com on create and update with a role',
    async () => {
      const role = await ownRole(newName());
      const cs = `arn:aws:sms-voice:${REGION}:${ACCOUNT}:configuration-set/${world.SmsConfigurationSetName}`;
      const firehose = { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn };
      await fn.sms.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Sms',
          MatchingEventTypes: ['ALL'],
          KinesisFirehoseDestination: firehose,
        }),
      );
      await fn.sms.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Sms',
          KinesisFirehoseDestination: firehose,
        }),
      );
      await fn.sms.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Sms',
          Enabled: false,
        }),
      );
      await fn.sms.send(
        new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [world.SmsConfigurationSetName] }),
      );
      await fn.sms.send(new DescribeConfigurationSetsCommand({}));
      const pass = {
        action: 'iam:PassRole',
        resource: role,
        context: { 'iam:PassedToService': 'sms-voice.amazonaws.com', 'iam:ResourceTag/owner': 'stack-a' },
      };
      expect(gateway.authz()).toEqual([
        { action: 'sms-voice:CreateEventDestination', resource: cs, context: {} },
        pass,
        { action: 'sms-voice:UpdateEventDestination', resource: cs, context: {} },
        pass,
        { action: 'sms-voice:UpdateEventDestination', resource: cs, context: {} },
        { action: 'sms-voice:DescribeConfigurationSets', resource: cs, context: {} },
        { action: 'sms-voice:DescribeConfigurationSets', resource: '*', context: {} },
      ]);
    },
  );

  it('a role passed before it exists: PassRole without resource tags', async () => {
    const missing = roleArn(newName());
    await fn.sms
      .send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Early',
          MatchingEventTypes: ['ALL'],
          CloudWatchLogsDestination: { IamRoleArn: missing, LogGroupArn: world.LogGroupArn },
        }),
      )
      .catch(() => undefined);
    expect(gateway.authz()[1]).toEqual({
      action: 'iam:PassRole',
      resource: missing,
      context: { 'iam:PassedToService': 'sms-voice.amazonaws.com' },
    });
  });

  it('CloudFormation: the stack ARN given as StackName', async () => {
    const stackId = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/authz/${newName()}`;
    gateway.cloudformation.putResource(stackId, 'Sms', 'Custom::SmsVoiceEventDestination');
    await fn.cfn.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: 'Sms' }));
    await fn.cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    expect(gateway.authz()).toEqual([
      { action: 'cloudformation:DescribeStackResource', resource: stackId, context: {} },
      { action: 'cloudformation:DescribeStacks', resource: stackId, context: {} },
    ]);
  });
});
