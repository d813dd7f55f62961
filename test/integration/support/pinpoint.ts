// What the Pinpoint event stream test files share: the catalog's valid properties against the test's
// world, its events, a Create, and the trust policy of an application's role.
import { pinpointAppTrust } from '../../../src/policies.js';
import { stackContext } from '../../../src/stack.js';
import {
  event,
  type HarnessPlayOptions,
  type Json,
  newStackId,
  type RequestType,
  type TestHarness,
} from '../../support/harness.js';

export function pinpointHelpers(h: TestHarness) {
  const props = (extra: Json = {}): Json => h.kinds.pinpoint.props(extra);
  return {
    props,
    /** An event of the test's stack: `properties` (default: valid ones), of `physicalId` unless a Create. */
    streamEvent: (type: RequestType, physicalId?: string, properties: Json = props()) =>
      event(type, {
        StackId: h.stackId,
        ResourceProperties: properties,
        ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
        ...(type === 'Update' ? { OldResourceProperties: props() } : {}),
      }),
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
