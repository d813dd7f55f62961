// The gateway's SES v2 event destination stand-in, driven by the real @aws-sdk/client-sesv2: a
// Firehose destination is accepted only with a role SES could use, as SES answers, so that a wrong
// policy of the function cannot pass.

import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateConfigurationSetEventDestinationCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import { type Clients, clients, seed, type World } from '../../local/index.js';
import { failure, startTestGateway } from './support.js';

let gateway: Gateway;
let direct: Clients;
let world: World;
beforeAll(async () => {
  gateway = await startTestGateway();
  direct = clients(inject('motoEndpoint'));
  world = await seed(direct);
});
afterAll(async () => gateway?.close());

describe('CreateConfigurationSetEventDestination', () => {
  it('a role that cannot write to the stream: BadRequestException, as SES says it', async () => {
    const trust = { Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sts:AssumeRole' };
    const { Role } = await direct.iam.send(
      new CreateRoleCommand({
        RoleName: `no-policy-${process.pid}`,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [trust] }),
      }),
    );
    const error = await failure(
      clients(gateway.endpoint).ses.send(
        new CreateConfigurationSetEventDestinationCommand({
          ConfigurationSetName: world.ConfigurationSetName,
          EventDestinationName: 'probe',
          EventDestination: {
            Enabled: true,
            MatchingEventTypes: ['SEND'],
            KinesisFirehoseDestination: { DeliveryStreamArn: world.FirehoseStreamArn, IamRoleArn: Role?.Arn },
          },
        }),
      ),
    );
    expect(error.name).toBe('BadRequestException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      `Could not access Kinesis Firehose Stream ${world.FirehoseStreamArn} using IAM role ${Role?.Arn}.`,
    );
  });
});
