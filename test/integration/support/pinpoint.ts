// What the Pinpoint event stream test files share: valid properties against the test's world, a
// Create of them, and the trust policy the role must have.
import { ACCOUNT, event, type HarnessPlayOptions, type Json, type TestHarness } from '../../support/harness.js';

export function pinpointHelpers(h: TestHarness) {
  const props = (extra: Json = {}) => ({
    ApplicationId: h.world.ApplicationId,
    DestinationStreamArn: h.world.KinesisStreamArn,
    ...extra,
  });
  return {
    props,
    createStream: (extra: Json = {}, fields: Json = {}, options: HarnessPlayOptions = {}) =>
      h.play(event('Create', { StackId: h.stackId, ResourceProperties: props(extra), ...fields }), options),
  };
}

/** The documented Pinpoint trust: this account, this application. */
export function expectedTrust(applicationId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pinpoint.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${applicationId}` },
        },
      },
    ],
  };
}
