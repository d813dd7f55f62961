/**
 * One CloudWatch embedded-metric-format record per request, written as part of the request's
 * outcome log line (no AWS call): `Requests` (Count) by FunctionName, ResourceType and Status,
 * and by FunctionName and Status (to alarm on FAILED across kinds), and `PropagationWait`
 * (Milliseconds) when the request waited for IAM propagation.
 */
import { METRICS_NAMESPACE, SUPPORTED_RESOURCE_TYPES } from './names.js';

export interface RequestMetrics {
  readonly functionName: string;
  /** The event's ResourceType as it arrived. */
  readonly resourceType: unknown;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly propagationWaitMs?: number;
}

/**
 * The EMF fields. A ResourceType this function does not support is reported as `unsupported`,
 * so forged or mistyped events cannot create new metric series.
 */
export function metricFields(m: RequestMetrics, now: number = Date.now()): Record<string, unknown> {
  const resourceType =
    typeof m.resourceType === 'string' && (SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(m.resourceType)
      ? m.resourceType
      : 'unsupported';
  const waited = m.propagationWaitMs !== undefined;
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [
            ['FunctionName', 'ResourceType', 'Status'],
            ['FunctionName', 'Status'],
          ],
          Metrics: [
            { Name: 'Requests', Unit: 'Count' },
            ...(waited ? [{ Name: 'PropagationWait', Unit: 'Milliseconds' }] : []),
          ],
        },
      ],
    },
    FunctionName: m.functionName,
    ResourceType: resourceType,
    Status: m.status,
    Requests: 1,
    ...(waited ? { PropagationWait: m.propagationWaitMs } : {}),
  };
}
