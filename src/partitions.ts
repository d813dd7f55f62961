/**
 * The one table of partition facts: which partitions we support and the service principals
 * each service uses there (a service missing from a partition's row is not offered in it).
 * Nothing else in the code names a partition.
 */
export type ServiceName = 'pinpoint' | 'ses' | 'sms-voice';

interface PartitionFacts {
  readonly principals: Readonly<Partial<Record<ServiceName, string>>>;
}

const PARTITIONS: Readonly<Record<string, PartitionFacts>> = {
  aws: {
    principals: {
      pinpoint: 'pinpoint.amazonaws.com',
      ses: 'ses.amazonaws.com',
      'sms-voice': 'sms-voice.amazonaws.com',
    },
  },
  // AWS End User Messaging SMS and voice v2 is not offered in the China Regions.
  'aws-cn': { principals: { pinpoint: 'pinpoint.amazonaws.com', ses: 'ses.amazonaws.com' } },
  'aws-us-gov': {
    principals: {
      pinpoint: 'pinpoint.amazonaws.com',
      ses: 'ses.amazonaws.com',
      'sms-voice': 'sms-voice.amazonaws.com',
    },
  },
};

export const SUPPORTED_PARTITIONS: readonly string[] = Object.keys(PARTITIONS);

export function isSupportedPartition(partition: string): boolean {
  return Object.hasOwn(PARTITIONS, partition);
}

function principalOf(partition: string, service: ServiceName): string | undefined {
  return isSupportedPartition(partition) ? PARTITIONS[partition]?.principals[service] : undefined;
}

/** Whether `service` is offered in `partition`. */
export function isOffered(partition: string, service: ServiceName): boolean {
  return principalOf(partition, service) !== undefined;
}

/** The service principal of `service` in `partition` (the service must be offered there). */
export function servicePrincipal(partition: string, service: ServiceName): string {
  const principal = principalOf(partition, service);
  if (principal === undefined) throw new Error(`${service} is not offered in partition ${partition}`);
  return principal;
}
