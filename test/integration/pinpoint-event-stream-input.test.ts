// The BUILT bundle against moto (behind the local gateway): Custom::PinpointEventStream with
// ApplicationId, bad input (FAILED naming the property, no AWS call) and the ResponseURL's retries.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, useHarness } from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { pinpointHelpers } from './support/pinpoint.js';

const h = useHarness();
const { props, createStream, streamEvent } = pinpointHelpers(h);

describe('bad input', () => {
  it.each([
    [
      'a typo in a property name',
      { DestinationStreamARN: 'x' },
      /^DestinationStreamARN: unknown property; accepted: .*DestinationStreamArn/,
    ],
    ['a malformed stream ARN', { DestinationStreamArn: 'arn:aws:s3:::bucket' }, /^DestinationStreamArn: must be/],
    [
      'a wildcard stream',
      { DestinationStreamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/*` },
      /^DestinationStreamArn: /,
    ],
    [
      'a stream in another partition',
      { DestinationStreamArn: `arn:aws-cn:kinesis:cn-north-1:${ACCOUNT}:stream/s` },
      /^DestinationStreamArn: is in partition aws-cn/,
    ],
    ['a non-boolean ReplaceExistingStream', { ReplaceExistingStream: 'yes' }, /^ReplaceExistingStream: /],
    [
      'a KMS key in another region',
      { KmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
      /^KmsKeyArn: /,
    ],
    ['a KMS alias', { KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/events` }, /^KmsKeyArn: /],
    ['a reserved tag key', { Tags: [{ Key: 'pinpoint-event-stream:stack-id', Value: 'x' }] }, /^Tags\[0\]\.Key: /],
    ['a bad RoleName', { RoleName: 'has space' }, /^RoleName: /],
    ['a missing ApplicationId value', { ApplicationId: '' }, /^ApplicationId: /],
  ])('%s gives FAILED naming the property, and no AWS call', async (_, extra, reason) => {
    const before = h.gateway.calls().length;
    const { response } = await createStream(extra);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.calls().slice(before)).toEqual([]);
  });

  it.each(['AWS::CloudFormation::CustomResource', 'Custom::Other'])(
    'ResourceType %s gives FAILED listing the supported types',
    async (type) => {
      const { response } = await createStream({}, { ResourceType: type });
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toMatch(/Custom::PinpointEventStream/);
    },
  );
});

describe('the ResponseURL', () => {
  it('is retried when it answers 500, and never logged whole', async () => {
    h.responses.behaviour.failNext = 2;
    const { responses, invocation } = await createStream();
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.Status).toBe('SUCCESS');
    expect(invocation.stdout + invocation.stderr).not.toMatch(/X-Amz-Signature|secret-|cloudformation-response\//);
  });

  it('is retried when it never answers', async () => {
    h.responses.behaviour.hangNext = 1;
    const { responses } = await h.play(streamEvent('Create', undefined, props({ ApplicationId: 'bad id' })), {
      timeoutMs: 30_000,
    });
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.Status).toBe('FAILED');
  });

  it('must be https on an AWS host: anything else gets no request at all, and the handler still returns', async () => {
    const before = h.gateway.calls().length;
    const { invocation } = await h.play(streamEvent('Create'), {
      responseUrl: 'http://example.com/cfn?X-Amz-Signature=abc',
    });
    expect(invocation.code).toBe(0);
    expect(invocation.stdout).toContain('"runner":"settled"');
    expect(h.gateway.calls().slice(before)).toEqual([]);
    expect(invocation.stdout + invocation.stderr).not.toContain('X-Amz-Signature=abc');
  });
});

everyCallAllowedByTheExecutionRole(() => h);
