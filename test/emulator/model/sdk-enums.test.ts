// Enum values the installed SDK lists and the installed botocore does not: accepted, as notes.
import * as iam from '@aws-sdk/client-iam';
import * as sms from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import { checkRequest, loadServiceModel } from '../../../emulator/model/index.js';
import { sdkEnumValues } from '../../../emulator/model/sdk-enums.js';
import { FIREHOSE_ARN, ROLE_ARN } from './calls.js';
import { capture } from './capture.js';

describe('an enum value only the SDK knows', () => {
  const botocoreTypes = loadServiceModel('pinpoint-sms-voice-v2').shapes.EventType?.enum ?? [];
  const sdkTypes = Object.values(sms.EventType);
  const sdkOnly = sdkTypes.filter((type) => !botocoreTypes.includes(type));

  it('exists on this machine (the SDK lists RCS_* event types botocore does not), or this test proves nothing', () => {
    expect(sdkOnly.length).toBeGreaterThan(0);
  });

  it('is a note naming the member, never a violation; a value neither knows is a violation', async () => {
    const command = new sms.CreateEventDestinationCommand({
      ConfigurationSetName: 'alerts',
      EventDestinationName: 'SmsEvents',
      MatchingEventTypes: [...sdkTypes, 'TEXT_EVERYTHING' as sms.EventType],
      KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE_ARN },
    });
    const checked = checkRequest(await capture(sms.PinpointSMSVoiceV2Client, command));
    const at = (value: string) =>
      `MatchingEventTypes[${command.input.MatchingEventTypes?.indexOf(value as sms.EventType)}]`;
    expect(checked.notes.map(({ member, rule }) => ({ member, rule }))).toEqual(
      sdkOnly.map((type) => ({ member: at(type), rule: 'sdk-newer-enum' })),
    );
    // Every type at once is also more than the list's maximum (43 in this botocore).
    expect(checked.violations.map(({ member, rule }) => ({ member, rule }))).toEqual([
      { member: 'MatchingEventTypes', rule: 'max-items' },
      { member: at('TEXT_EVERYTHING'), rule: 'enum' },
    ]);
  });

  it('finds the SDK enum under the shape name, first letter upper-cased (IAM spells shapes in camelCase)', () => {
    expect(sdkEnumValues('iam', 'statusType')).toEqual(Object.values(iam.StatusType));
    expect(sdkEnumValues('iam', 'roleNameType')).toEqual([]);
  });
});
