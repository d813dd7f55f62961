// What the Pinpoint event stream test files share: valid properties against the test's world, a
// Create of them, and the trust policy the role must have.
import { pinpointAppTrust } from '../../../src/policies.js';
import { stackContext } from '../../../src/stack.js';
import { event, type HarnessPlayOptions, type Json, newStackId, type TestHarness } from '../../support/harness.js';

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

/**
 * The Pinpoint trust of an application's role: the builder's document (the policies' unit tests pin
 * it to the contract), for a stack of the test account; IAM must hold exactly it.
 */
export function expectedTrust(applicationId: string) {
  return pinpointAppTrust(stackContext(newStackId(), 'EventStream'), applicationId);
}
