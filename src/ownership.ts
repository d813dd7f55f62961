/**
 * Ownership tags: every role this product creates carries them, and nothing is
 * updated or deleted unless they name the event's stack and logical id.
 */
import type { StackContext } from './stack.js';

export const TAG_PREFIX = 'pinpoint-event-stream:';
export const MANAGED_BY_TAG = `${TAG_PREFIX}managed-by`;
export const MANAGED_BY_VALUE = 'Custom::PinpointEventStream';
export const STACK_ID_TAG = `${TAG_PREFIX}stack-id`;
export const LOGICAL_ID_TAG = `${TAG_PREFIX}logical-id`;
/** Fingerprint of the properties whose change replaces the role (see naming.ts). */
export const BINDING_TAG = `${TAG_PREFIX}binding`;

/** Prefixes users may not use in Tags (IAM's own, and ours). */
export const RESERVED_TAG_PREFIXES: readonly string[] = ['aws:', TAG_PREFIX];

export interface RoleTag {
  readonly Key?: string;
  readonly Value?: string;
}

export function ownershipTags(stack: StackContext, binding: string): { Key: string; Value: string }[] {
  return [
    { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE },
    { Key: STACK_ID_TAG, Value: stack.stackId },
    { Key: LOGICAL_ID_TAG, Value: stack.logicalId },
    { Key: BINDING_TAG, Value: binding },
  ];
}

function tagValue(tags: readonly RoleTag[], key: string): string | undefined {
  return tags.find((tag) => tag.Key === key)?.Value;
}

/** True when the role's tags say it was made by this product for this stack's logical resource. */
export function isOwnedBy(tags: readonly RoleTag[], stack: StackContext): boolean {
  return (
    tagValue(tags, MANAGED_BY_TAG) === MANAGED_BY_VALUE &&
    tagValue(tags, STACK_ID_TAG) === stack.stackId &&
    tagValue(tags, LOGICAL_ID_TAG) === stack.logicalId
  );
}

export function bindingOf(tags: readonly RoleTag[]): string | undefined {
  return tagValue(tags, BINDING_TAG);
}
