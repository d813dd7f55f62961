// The world the SMS and voice stand-in's tests share: a gateway of their own, seed-key clients
// straight to moto and through the gateway, a configuration set per test, and roles built as the
// function builds them.
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEventDestinationCommand,
  type CreateEventDestinationCommandInput,
  type CreateEventDestinationCommandOutput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import {
  ACCOUNT,
  type Clients,
  clients,
  MANAGED_PATH_PREFIX,
  REGION,
  type SmsWorld,
  type Streams,
  seed,
} from '../../local/index.js';
import { startTestGateway } from './support.js';

export const csArn = (name: string) => `arn:aws:sms-voice:${REGION}:${ACCOUNT}:configuration-set/${name}`;

/** The service's refusal of a role it cannot assume, or of a destination the role gives it no access to. */
export const notAccessible = (message: string) => ({
  name: 'ValidationException',
  Reason: 'RESOURCE_NOT_ACCESSIBLE',
  message,
});

export interface SmsVoiceWorld {
  readonly gateway: Gateway;
  readonly direct: Clients;
  readonly via: Clients;
  readonly streams: Streams;
  readonly world: SmsWorld;
  /** A role as the function would build it for this configuration set (path below the managed one). */
  smsRole(options?: {
    firehose?: string;
    logGroup?: string;
    service?: string;
    sourceArn?: string;
    viaGateway?: boolean;
  }): Promise<string>;
  /** CreateEventDestination of `Events` (every event type) in the world's configuration set, with `input` on top. */
  create(input: Partial<CreateEventDestinationCommandInput>): Promise<CreateEventDestinationCommandOutput>;
}

/** Registers the file's hooks; read the fields inside tests. */
export function useSmsVoiceWorld(): SmsVoiceWorld {
  let gateway: Gateway | undefined;
  let direct: Clients | undefined;
  let via: Clients | undefined;
  let streams: Streams | undefined;
  let world: SmsWorld | undefined;
  let counter = 0;
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSmsVoiceWorld: read it inside a test');
    return value;
  };
  beforeAll(async () => {
    gateway = await startTestGateway();
    direct = clients(inject('motoEndpoint'));
    via = clients(gateway.endpoint);
    streams = await seed(direct);
  });
  afterAll(async () => gateway?.close());
  beforeEach(async () => {
    need(gateway).reset();
    world = await seed(need(direct), { viaGateway: need(via), streams: need(streams) });
  });
  const t: SmsVoiceWorld = {
    get gateway() {
      return need(gateway);
    },
    get direct() {
      return need(direct);
    },
    get via() {
      return need(via);
    },
    get streams() {
      return need(streams);
    },
    get world() {
      return need(world);
    },
    /** A role as the function would build it for this configuration set (path below the managed one). */
    async smsRole({
      firehose = t.world.FirehoseStreamArn,
      logGroup = t.world.LogGroupArn,
      service = 'sms-voice.amazonaws.com',
      sourceArn = csArn(t.world.SmsConfigurationSetName),
      viaGateway = false,
    } = {}) {
      const iam = viaGateway ? t.via.iam : t.direct.iam;
      const RoleName = `sms-standin-${process.pid}-${counter++}`;
      const trust = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: service },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sourceArn } },
          },
        ],
      };
      const { Role } = await iam.send(
        new CreateRoleCommand({
          RoleName,
          Path: `/${MANAGED_PATH_PREFIX}/${REGION}/`,
          AssumeRolePolicyDocument: JSON.stringify(trust),
        }),
      );
      const statements = [
        { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: firehose },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: `${logGroup.replace(/:\*$/, '')}:*`,
        },
      ];
      await iam.send(
        new PutRolePolicyCommand({
          RoleName,
          PolicyName: 'pinpoint-event-stream',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        }),
      );
      return Role!.Arn!;
    },
    create: (input: Partial<CreateEventDestinationCommandInput>) =>
      t.via.smsVoice.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: t.world.SmsConfigurationSetName,
          EventDestinationName: 'Events',
          MatchingEventTypes: ['ALL'],
          ...input,
        }),
      ),
  };
  return t;
}
