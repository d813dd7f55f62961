/** Turns one CloudFormation request into an outcome: dispatch on RequestType, then the lifecycle. */
import { describe, ResourceError, UnsupportedRequestError } from './errors.js';
import { create, remove, update, type Parsed, type Work } from './lifecycle.js';
import type { CloudFormationEvent, Outcome } from './protocol/types.js';
import { parseResource } from './resources/index.js';

export async function processRequest(event: CloudFormationEvent, work: Work): Promise<Outcome> {
  const { stack } = work;
  const parse = (raw: unknown): Parsed => parseResource(event.ResourceType, raw, stack);
  switch (event.RequestType) {
    case 'Create': {
      const result = await create(work, parse(event.ResourceProperties));
      return { status: 'SUCCESS', ...result };
    }
    case 'Update': {
      const parsed = parse(event.ResourceProperties);
      const result = await update(work, parsed, tryParse(() => parse(event.OldResourceProperties)), physicalId(event));
      return { status: 'SUCCESS', ...result };
    }
    case 'Delete': {
      // Whatever the properties say (even nothing valid), a Delete only touches what this resource owns.
      if (!event.PhysicalResourceId) return { status: 'SUCCESS', physicalResourceId: work.progress.physicalResourceId };
      await remove(work, tryParse(() => parse(event.ResourceProperties)), event.PhysicalResourceId);
      return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId };
    }
    default:
      throw new UnsupportedRequestError(`RequestType ${String(event.RequestType)} is not Create, Update or Delete`);
  }
}

function tryParse(parse: () => Parsed): Parsed | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ResourceError) return undefined;
    throw new Error(describe(error));
  }
}

function physicalId(event: CloudFormationEvent): string {
  if (typeof event.PhysicalResourceId !== 'string' || event.PhysicalResourceId === '') {
    throw new UnsupportedRequestError(`${event.RequestType} request without PhysicalResourceId`);
  }
  return event.PhysicalResourceId;
}
