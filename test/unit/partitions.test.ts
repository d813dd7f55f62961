import { beforeEach, describe, expect, it } from 'vitest';
import type * as Partitions from '../../src/partitions.js';
import { fresh } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let isOffered: typeof Partitions.isOffered;
let isSupportedPartition: typeof Partitions.isSupportedPartition;
let servicePrincipal: typeof Partitions.servicePrincipal;
let SUPPORTED_PARTITIONS: typeof Partitions.SUPPORTED_PARTITIONS;
beforeEach(
  async () =>
    ({ isOffered, isSupportedPartition, servicePrincipal, SUPPORTED_PARTITIONS } = await fresh(
      () => import('../../src/partitions.js'),
    )),
);

describe('partitions', () => {
  it('supports aws, aws-cn and aws-us-gov', () => {
    expect([...SUPPORTED_PARTITIONS]).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
    expect(isSupportedPartition('aws')).toBe(true);
    expect(isSupportedPartition('aws-cn')).toBe(true);
    expect(isSupportedPartition('aws-us-gov')).toBe(true);
  });

  it.each(['aws-iso', 'AWS', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'does not support %j',
    (partition) => {
      expect(isSupportedPartition(partition)).toBe(false);
    },
  );

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('has the Pinpoint and SES principals in %s', (partition) => {
    expect(servicePrincipal(partition, 'pinpoint')).toBe('pinpoint.amazonaws.com');
    expect(servicePrincipal(partition, 'ses')).toBe('ses.amazonaws.com');
    expect(isOffered(partition, 'pinpoint')).toBe(true);
    expect(isOffered(partition, 'ses')).toBe(true);
  });

  it.each(['aws', 'aws-us-gov'])(
    'offers End User Messaging SMS and voice in %s (principal sms-voice.amazonaws.com)',
    (partition) => {
      expect(isOffered(partition, 'sms-voice')).toBe(true);
      expect(servicePrincipal(partition, 'sms-voice')).toBe('sms-voice.amazonaws.com');
    },
  );

  it('does not offer SMS and voice in aws-cn', () => {
    expect(isOffered('aws-cn', 'sms-voice')).toBe(false);
    expect(() => servicePrincipal('aws-cn', 'sms-voice')).toThrow('sms-voice is not offered in partition aws-cn');
  });

  it('offers nothing in an unsupported partition', () => {
    expect(isOffered('aws-iso', 'ses')).toBe(false);
    expect(isOffered('aws-iso', 'sms-voice')).toBe(false);
  });

  it('servicePrincipal throws for an unsupported partition, naming it', () => {
    expect(() => servicePrincipal('aws-iso', 'ses')).toThrow('ses is not offered in partition aws-iso');
  });

  // Names inherited from Object.prototype are not partitions (the table is indexed by the partition name).
  it.each(['toString', '__proto__', 'constructor'])(
    'isOffered(%j) is false for an Object.prototype name',
    (partition) => {
      expect(isOffered(partition, 'ses')).toBe(false);
    },
  );

  it('servicePrincipal names an Object.prototype name as an unsupported partition', () => {
    expect(() => servicePrincipal('constructor', 'ses')).toThrow('ses is not offered in partition constructor');
  });
});
