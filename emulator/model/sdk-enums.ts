/**
 * Enum values the AWS SDK for JavaScript knows and this botocore does not.
 *
 * The SDK v3 packages export each string enum of their service as an object named after its
 * Smithy shape (`EventType` from @aws-sdk/client-pinpoint-sms-voice-v2), the name botocore
 * gives the shape, with its first letter upper-cased (IAM's `statusType` is the SDK's `StatusType`).
 * When the installed SDK is newer than the installed botocore, a
 * value only the SDK lists is one the service has added: it is accepted and reported as a
 * note, not a violation. Read only when a value misses botocore's enum; one require per
 * package per process (the packages are the project's own dependencies).
 */
import { createRequire } from 'node:module';
import { SERVICES, type ServiceName } from './loader.js';

const requireFromHere = createRequire(import.meta.url);
const exportsOf = new Map<ServiceName, Record<string, unknown>>();

function sdkExports(service: ServiceName): Record<string, unknown> {
  let loaded = exportsOf.get(service);
  if (!loaded) {
    try {
      loaded = requireFromHere(SERVICES[service]) as Record<string, unknown>;
    } catch {
      loaded = {}; // SDK package not installed: no newer values to know of.
    }
    exportsOf.set(service, loaded);
  }
  return loaded;
}

/** The values of the SDK's enum named `shapeName` (empty when the SDK exports no such string enum). */
export function sdkEnumValues(service: ServiceName, shapeName: string): readonly string[] {
  const exported = sdkExports(service);
  const candidate = exported[shapeName] ?? exported[shapeName.charAt(0).toUpperCase() + shapeName.slice(1)];
  if (typeof candidate !== 'object' || candidate === null) return [];
  const values = Object.values(candidate);
  return values.length > 0 && values.every((v) => typeof v === 'string') ? (values as string[]) : [];
}
