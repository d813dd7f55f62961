import { describe, expect, it } from 'vitest';
import { metricFields, type RequestMetrics } from '../../src/metrics.js';
import { METRICS_NAMESPACE } from '../../src/names.js';

const NOW = 1_760_000_000_000;
const base = (overrides: Partial<RequestMetrics> = {}): RequestMetrics => ({
  functionName: 'pinpoint-event-stream',
  resourceType: 'Custom::PinpointEventStream',
  status: 'SUCCESS',
  ...overrides,
});

interface Emf {
  _aws: {
    Timestamp: unknown;
    CloudWatchMetrics: { Namespace: unknown; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

/** The rules CloudWatch applies to an embedded-metric-format record. */
function expectValidEmf(record: Record<string, unknown>): Emf {
  const emf = record as unknown as Emf;
  expect(typeof emf._aws.Timestamp).toBe('number');
  expect(emf._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of emf._aws.CloudWatchMetrics) {
    expect(typeof directive.Namespace).toBe('string');
    expect(directive.Namespace).not.toBe('');
    expect(directive.Dimensions.length).toBeGreaterThan(0);
    for (const set of directive.Dimensions) {
      expect(set.length).toBeGreaterThan(0);
      expect(set.length).toBeLessThanOrEqual(30);
      for (const key of set) expect(typeof record[key], `dimension ${key}`).toBe('string');
    }
    expect(directive.Metrics.length).toBeGreaterThan(0);
    for (const metric of directive.Metrics) {
      expect(typeof record[metric.Name], `metric ${metric.Name}`).toBe('number');
      expect(Number.isFinite(record[metric.Name])).toBe(true);
    }
  }
  return emf;
}

describe('metricFields', () => {
  it('is a valid EMF record in our namespace, with the timestamp given', () => {
    const record = metricFields(base(), NOW);
    const emf = expectValidEmf(record);
    expect(emf._aws.Timestamp).toBe(NOW);
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
    expect(METRICS_NAMESPACE).toBe('PinpointEventStreamResource');
    // A record must stay a JSON object with the same content once logged.
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('defaults the timestamp to now', () => {
    const before = Date.now();
    const emf = metricFields(base()) as unknown as Emf;
    expect(emf._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(emf._aws.Timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('counts one request by FunctionName, ResourceType and Status, and by FunctionName and Status', () => {
    const record = metricFields(base({ status: 'FAILED' }), NOW);
    const emf = expectValidEmf(record);
    expect(record).toMatchObject({
      FunctionName: 'pinpoint-event-stream',
      ResourceType: 'Custom::PinpointEventStream',
      Status: 'FAILED',
      Requests: 1,
    });
    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ['FunctionName', 'ResourceType', 'Status'],
      ['FunctionName', 'Status'],
    ]);
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'Requests', Unit: 'Count' }]);
  });

  it('has no PropagationWait, value or metric, when the request did not wait', () => {
    const record = metricFields(base(), NOW);
    expect(record).not.toHaveProperty('PropagationWait');
    expect(JSON.stringify(record)).not.toContain('PropagationWait');
  });

  it.each([0, 1, 15_250])('reports PropagationWait %d ms with its metric definition', (ms) => {
    const record = metricFields(base({ propagationWaitMs: ms }), NOW);
    const emf = expectValidEmf(record);
    expect(record.PropagationWait).toBe(ms);
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'Requests', Unit: 'Count' },
      { Name: 'PropagationWait', Unit: 'Milliseconds' },
    ]);
  });

  it.each([
    'Custom::PinpointEventStream',
    'Custom::SesEventDestination',
    'Custom::SmsVoiceEventDestination',
    'Custom::PinpointEmailSendingRole',
  ])('passes the supported type %s through', (type) => {
    expect(metricFields(base({ resourceType: type }), NOW).ResourceType).toBe(type);
  });

  it.each([
    ['an unsupported type', 'AWS::CloudFormation::CustomResource'],
    ['another custom name', 'Custom::Anything'],
    ['a forged high-cardinality value', `Custom::PinpointEventStream-${'x'.repeat(200)}`],
    ['a case variant', 'custom::pinpointeventstream'],
    ['no type', undefined],
    ['a number', 42],
    ['an object', { toString: () => 'Custom::PinpointEventStream' }],
    ['an array', ['Custom::PinpointEventStream']],
  ])('reports %s as unsupported (a valid dimension value)', (_label, type) => {
    const record = metricFields(base({ resourceType: type }), NOW);
    expect(record.ResourceType).toBe('unsupported');
    expectValidEmf(record);
  });
});
