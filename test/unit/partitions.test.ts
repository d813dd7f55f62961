import { describe, expect, it } from 'vitest';
import { isSupportedPartition, servicePrincipal, SUPPORTED_PARTITIONS } from '../../src/partitions.js';

describe('partitions', () => {
  it('supports aws, aws-cn and aws-us-gov', () => {
    expect([...SUPPORTED_PARTITIONS].sort()).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
    expect(isSupportedPartition('aws-cn')).toBe(true);
    expect(isSupportedPartition('aws-iso')).toBe(false);
    expect(isSupportedPartition('toString')).toBe(false);
    expect(isSupportedPartition('__proto__')).toBe(false);
  });

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('has Pinpoint and SES principals in %s', (partition) => {
    expect(servicePrincipal(partition, 'pinpoint')).toBe('pinpoint.amazonaws.com');
    expect(servicePrincipal(partition, 'ses')).toBe('ses.amazonaws.com');
  });

  it('throws for an unsupported partition', () => {
    expect(() => servicePrincipal('aws-iso', 'ses')).toThrow(/aws-iso/);
    expect(() => servicePrincipal('constructor', 'ses')).toThrow();
  });
});
