/**
 * The stored names, pinned: each one outlives the code that wrote it (tags on roles, IAM paths and
 * policy names, metric series, SSM parameters, resource types in users' templates), so a change is
 * a migration, never an edit. template.yaml's IAM conditions are pinned to this module by test/templates.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Names from '../../src/names.js';
import { fresh } from './fixtures.js';

// The module under test, loaded afresh for each test (it is nothing but top-level tables): see fresh().
let N: typeof Names;
beforeEach(async () => {
  N = await fresh(() => import('../../src/names.js'));
});

describe('stored names', () => {
  it('the resource types templates declare, and the order reasons list them in', () => {
    expect(N.RESOURCE_TYPES).toEqual({
      pinpointEventStream: 'Custom::PinpointEventStream',
      sesEventDestination: 'Custom::SesEventDestination',
      smsVoiceEventDestination: 'Custom::SmsVoiceEventDestination',
      emailSendingRole: 'Custom::PinpointEmailSendingRole',
    });
    expect(N.SUPPORTED_RESOURCE_TYPES).toEqual([
      'Custom::SmsVoiceEventDestination',
      'Custom::SesEventDestination',
      'Custom::PinpointEventStream',
      'Custom::PinpointEmailSendingRole',
    ]);
  });

  it('the ownership tags, under one prefix, and the managed-by value every released template matches', () => {
    expect(N.TAG_PREFIX).toBe('pinpoint-event-stream:');
    expect(N.TAG_KEYS).toEqual({
      managedBy: 'pinpoint-event-stream:managed-by',
      stackId: 'pinpoint-event-stream:stack-id',
      logicalId: 'pinpoint-event-stream:logical-id',
      binding: 'pinpoint-event-stream:binding',
      deployment: 'pinpoint-event-stream:deployment',
    });
    expect(N.MANAGED_BY_VALUE).toBe('Custom::PinpointEventStream');
  });

  it('the inline policy, managed path prefix, metric namespace, SSM parameter and role description', () => {
    expect(N.INLINE_POLICY_NAME).toBe('pinpoint-event-stream');
    expect(N.DEFAULT_MANAGED_PATH_PREFIX).toBe('pinpoint-event-stream');
    expect(N.METRICS_NAMESPACE).toBe('PinpointEventStreamResource');
    expect(N.DEFAULT_SERVICE_TOKEN_PARAMETER).toBe('/pinpoint-event-stream/service-token');
    expect(N.ROLE_DESCRIPTION).toBe(
      'Managed by a CloudFormation custom resource (pinpoint-event-stream); deleted with its stack resource.',
    );
  });
});
