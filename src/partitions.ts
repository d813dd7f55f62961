/**
 * The one table of partition facts: which partitions we support and the service
 * principals Pinpoint and SES use in each. Nothing else in the code names a partition.
 */
export type ServiceName = 'pinpoint' | 'ses';

interface PartitionFacts {
  readonly principals: Readonly<Record<ServiceName, string>>;
}

const PARTITIONS: Readonly<Record<string, PartitionFacts>> = {
  aws: { principals: { pinpoint: 'pinpoint.amazonaws.com', ses: 'ses.amazonaws.com' } },
  'aws-cn': { principals: { pinpoint: 'pinpoint.amazonaws.com', ses: 'ses.amazonaws.com' } },
  'aws-us-gov': { principals: { pinpoint: 'pinpoint.amazonaws.com', ses: 'ses.amazonaws.com' } },
};

export const SUPPORTED_PARTITIONS: readonly string[] = Object.keys(PARTITIONS);

export function isSupportedPartition(partition: string): boolean {
  return Object.hasOwn(PARTITIONS, partition);
}

/** The service principal of `service` in `partition` (the partition must be supported). */
export function servicePrincipal(partition: string, service: ServiceName): string {
  const facts = PARTITIONS[partition];
  if (!facts) throw new Error(`unsupported partition ${partition}`);
  return facts.principals[service];
}
