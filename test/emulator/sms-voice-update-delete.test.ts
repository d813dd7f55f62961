// The gateway's SMS and voice v2 stand-in, driven by the real SDK: UpdateEventDestination (the
// role checked again, the type-change conflict) and DeleteEventDestination.

import { DeleteEventDestinationCommand, UpdateEventDestinationCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, putForeignSmsEventDestination, REGION, readSmsEventDestinations } from '../../local/index.js';
import { notAccessible, useSmsVoiceWorld } from './sms-voice-world.js';
import { failure } from './support.js';

const t = useSmsVoiceWorld();

describe('UpdateEventDestination', () => {
  it('changes event types, Enabled and the destination of the same type (role checked again)', async () => {
    const role = await t.smsRole();
    await t.create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn } });
    const out = await t.via.smsVoice.send(
      new UpdateEventDestinationCommand({
        ConfigurationSetName: t.world.SmsConfigurationSetName,
        EventDestinationName: 'Events',
        Enabled: false,
        MatchingEventTypes: ['TEXT_DELIVERED'],
      }),
    );
    expect(out.EventDestination).toEqual({
      EventDestinationName: 'Events',
      Enabled: false,
      MatchingEventTypes: ['TEXT_DELIVERED'],
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn },
    });
    const other = await t.smsRole({ firehose: t.streams.KinesisStreamArn });
    const refused = await failure(
      t.via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: t.world.SmsConfigurationSetName,
          EventDestinationName: 'Events',
          KinesisFirehoseDestination: { IamRoleArn: other, DeliveryStreamArn: t.world.FirehoseStreamArn },
        }),
      ),
    );
    expect(refused).toMatchObject(
      notAccessible(`Could not access Kinesis Firehose Stream ${t.world.FirehoseStreamArn} using IAM role ${other}.`),
    );
  });

  it('changing the destination type: ConflictException EVENT_DESTINATION_MISMATCH', async () => {
    const role = await t.smsRole();
    await t.create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn } });
    const update = (input: object) =>
      t.via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: t.world.SmsConfigurationSetName,
          EventDestinationName: 'Events',
          ...input,
        }),
      );
    for (const input of [
      { CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn } },
      { SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` } },
    ]) {
      expect(await failure(update(input))).toMatchObject({
        name: 'ConflictException',
        Reason: 'EVENT_DESTINATION_MISMATCH',
        ResourceType: 'event-destination',
        ResourceId: 'Events',
      });
    }
  });

  it('an unknown destination or configuration set: ResourceNotFoundException', async () => {
    const unknownDestination = await failure(
      t.via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: t.world.SmsConfigurationSetName,
          EventDestinationName: 'Nope',
          Enabled: false,
        }),
      ),
    );
    expect(unknownDestination).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'event-destination',
      ResourceId: 'Nope',
    });
    const unknownSet = await failure(
      t.via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: 'no-such-set',
          EventDestinationName: 'Nope',
          Enabled: false,
        }),
      ),
    );
    expect(unknownSet).toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'configuration-set' });
  });
});

describe('DeleteEventDestination', () => {
  it('deletes and returns the destination; a second delete: ResourceNotFoundException', async () => {
    const foreignRole = await putForeignSmsEventDestination(t.direct, {
      viaGateway: t.via,
      configurationSetName: t.world.SmsConfigurationSetName,
      eventDestinationName: 'Theirs',
      logGroupArn: t.world.LogGroupArn,
    });
    const del = () =>
      t.via.smsVoice.send(
        new DeleteEventDestinationCommand({
          ConfigurationSetName: t.world.SmsConfigurationSetName,
          EventDestinationName: 'Theirs',
        }),
      );
    const out = await del();
    expect(out.EventDestination).toMatchObject({
      EventDestinationName: 'Theirs',
      CloudWatchLogsDestination: { IamRoleArn: foreignRole, LogGroupArn: t.world.LogGroupArn },
    });
    expect(await readSmsEventDestinations(t.via, t.world.SmsConfigurationSetName)).toEqual([]);
    expect(await failure(del())).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'event-destination',
      ResourceId: 'Theirs',
    });
  });
});
