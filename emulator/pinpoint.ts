/**
 * Pinpoint PutEventStream's role check (moto stores the stream without checking the role):
 * Pinpoint assumes the role and writes to the stream before it accepts it, and while IAM
 * propagates it answers BadRequestException with the message below. An accepted call goes on
 * to moto, which keeps the event stream.
 */
import type { IamEmulation } from './iam.js';
import { type Answer, jsonBody, restError } from './wire.js';

export const PINPOINT_PROPAGATION_MESSAGE =
  'Destination stream validation failed. Please make sure the IAM Role is configured correctly.';

const WRITER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  kinesis: ['kinesis:PutRecords', 'kinesis:DescribeStream'],
  firehose: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
};

/** Pinpoint's refusal of a PutEventStream body, or undefined when the role is accepted. */
export async function putEventStreamRefusal(iam: IamEmulation, body: string): Promise<Answer | undefined> {
  const { RoleArn, DestinationStreamArn } = jsonBody(body);
  const stream = String(DestinationStreamArn);
  const service = stream.split(':')[2] === 'kinesis' ? 'kinesis' : 'firehose';
  const problem = await iam.roleProblem(typeof RoleArn === 'string' ? RoleArn : undefined, {
    principal: 'pinpoint.amazonaws.com',
    actions: WRITER_ACTIONS[service] ?? [],
    resource: stream,
  });
  return problem ? restError(400, 'BadRequestException', PINPOINT_PROPAGATION_MESSAGE) : undefined;
}
