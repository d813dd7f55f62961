// CloudFormation events as the tests and `npm run bench` send them to the built bundle: one
// place for their shape (harness.ts re-exports it for the TypeScript tests).
import { randomUUID } from 'node:crypto';
import { ACCOUNT, PARTITION, REGION } from './deployment.mjs';

export const SERVICE_TOKEN = `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:pinpoint-event-stream`;

/** A fresh stack id, so each test's generated role names and ownership tags are its own. */
export function newStackId(name = 'itest', region = REGION) {
  return `arn:${PARTITION}:cloudformation:${region}:${ACCOUNT}:stack/${name}/${randomUUID()}`;
}

/**
 * A request of `requestType` with `fields` (StackId, ResourceType, LogicalResourceId,
 * PhysicalResourceId, ResourceProperties, OldResourceProperties); the ResponseURL is set when
 * the event is played.
 */
export function event(requestType, fields) {
  return {
    RequestType: requestType,
    ResponseURL: 'replaced-by-play',
    StackId: fields.StackId,
    RequestId: randomUUID(),
    ResourceType: fields.ResourceType ?? 'Custom::PinpointEventStream',
    LogicalResourceId: fields.LogicalResourceId ?? 'EventStream',
    ...(fields.PhysicalResourceId ? { PhysicalResourceId: fields.PhysicalResourceId } : {}),
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ServiceTimeout: '330', ...fields.ResourceProperties },
    ...(fields.OldResourceProperties
      ? { OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...fields.OldResourceProperties } }
      : {}),
  };
}
