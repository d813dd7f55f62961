/**
 * CloudFormation events as the local run, the bench and the tests send them to the built
 * bundle: one place for their shape.
 */
import { randomUUID } from 'node:crypto';
import { RESOURCE_TYPES } from '../src/names.js';
import type { CloudFormationEvent, RequestType } from '../src/protocol/types.js';
import { ACCOUNT, PARTITION, REGION } from './deployment.js';

/** The event's shape is the function's own (src/protocol/types.ts). */
export type { CloudFormationEvent, RequestType };
/** Resource properties as a template gives them (CloudFormation sends every scalar as a string). */
export type Properties = Record<string, unknown>;

/** What an event is built from; the rest has defaults. */
export interface EventFields {
  readonly StackId: string;
  /** Default Custom::PinpointEventStream. */
  readonly ResourceType?: string;
  /** Default EventStream. */
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Properties;
  readonly OldResourceProperties?: Properties;
}

export const SERVICE_TOKEN = `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:pinpoint-event-stream`;

/** A fresh stack id, so each stack's generated role names and ownership tags are its own. */
export function newStackId(name = 'itest', region = REGION, account = ACCOUNT): string {
  return `arn:${PARTITION}:cloudformation:${region}:${account}:stack/${name}/${randomUUID()}`;
}

/** A request of `requestType` with a fresh RequestId; the ResponseURL is set when the event is played. */
export function event(requestType: RequestType, fields: EventFields): CloudFormationEvent {
  return {
    RequestType: requestType,
    ResponseURL: 'replaced-by-play',
    StackId: fields.StackId,
    RequestId: randomUUID(),
    ResourceType: fields.ResourceType ?? RESOURCE_TYPES.pinpointEventStream,
    LogicalResourceId: fields.LogicalResourceId ?? 'EventStream',
    ...(fields.PhysicalResourceId ? { PhysicalResourceId: fields.PhysicalResourceId } : {}),
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ServiceTimeout: '330', ...fields.ResourceProperties },
    ...(fields.OldResourceProperties
      ? { OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...fields.OldResourceProperties } }
      : {}),
  };
}

/** Replaces "{{Name}}" placeholders in every string of an event template (events/*.json). */
export function fillEvent(template: unknown, values: Readonly<Record<string, string>>): unknown {
  return JSON.parse(JSON.stringify(template), (_key, value: unknown) =>
    typeof value === 'string'
      ? value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
          const filled = values[name];
          if (filled === undefined) throw new Error(`event placeholder ${whole} has no value`);
          return filled;
        })
      : value,
  );
}
