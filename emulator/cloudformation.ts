/**
 * CloudFormation's DescribeStackResource and DescribeStacks (moto cannot hold a stack with a
 * custom resource): stacks declared by the tests and the local run, answered in
 * CloudFormation's XML with its errors. It also plays CloudFormation's side of the
 * custom-resource protocol: a registered event puts its resource `<REQUESTTYPE>_IN_PROGRESS`,
 * and the function's answer to it moves the resource on as CloudFormation would, so an event
 * replayed after its answer meets an idle resource.
 */
import { ACCOUNT } from './account.js';
import type { Call } from './call.js';
import { type Answer, queryError, queryResult, xmlElement } from './wire.js';

export const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** The actions this stand-in answers; any other CloudFormation call goes to moto. */
const SERVED = new Set(['DescribeStackResource', 'DescribeStacks']);

export interface StackResource {
  readonly ResourceType: string;
  readonly PhysicalResourceId: string | undefined;
  readonly ResourceStatus: string;
  /** epoch ms */
  readonly LastUpdatedTimestamp: number;
}

export interface Stack {
  readonly StackId: string;
  readonly StackName: string;
  readonly StackStatus: string;
  /** epoch ms */
  readonly CreationTime: number;
  readonly resources: ReadonlyMap<string, StackResource>;
}

/** What the stand-in reads from a CloudFormation event (fields a forged event may lack). */
export interface EventIdentity {
  readonly StackId?: unknown;
  readonly LogicalResourceId?: unknown;
  readonly ResourceType?: unknown;
  readonly RequestType?: unknown;
  readonly PhysicalResourceId?: unknown;
  readonly RequestId?: unknown;
}

/** The part of the function's answer (the body PUT to the ResponseURL) CloudFormation acts on. */
export interface EventAnswer {
  readonly Status?: unknown;
  readonly StackId?: unknown;
  readonly RequestId?: unknown;
  readonly LogicalResourceId?: unknown;
  readonly PhysicalResourceId?: unknown;
}

export interface ResourceOptions {
  readonly physicalId?: string;
  /** Default `CREATE_COMPLETE`. */
  readonly status?: string;
}

interface MutableStack {
  StackId: string;
  StackName: string;
  StackStatus: string;
  CreationTime: number;
  resources: Map<string, StackResource>;
}

/** An event registered and not answered yet. */
interface Pending {
  readonly stackId: string;
  readonly logicalId: string;
  readonly requestType: string;
}

/** arn:aws:cloudformation:<region>:<account>:stack/<name>/<id> -> its parts; undefined if not one. */
export function parseStackId(stackId: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:[^:]+:cloudformation:([^:]+):([^:]+):stack\/([^/]+)\/.+$/.exec(stackId);
  return m ? { region: m[1] ?? '', account: m[2] ?? '', name: m[3] ?? '' } : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const iso = (ms: number) => new Date(ms).toISOString();
const drift = (field: string) => `<DriftInformation><${field}>NOT_CHECKED</${field}></DriftInformation>`;

/** The resource status CloudFormation moves to on the function's answer. */
function settledStatus(requestType: string, succeeded: boolean): string {
  const verb = requestType.toUpperCase();
  return `${verb}_${succeeded ? 'COMPLETE' : 'FAILED'}`;
}

export class CloudFormationStandIn {
  private readonly stacks = new Map<string, MutableStack>();
  /** RequestId -> the registered event's resource */
  private readonly pending = new Map<string, Pending>();

  /** Does this stand-in answer the call (DescribeStackResource, DescribeStacks)? */
  serves(call: Call): boolean {
    return call.service === 'cloudformation' && SERVED.has(call.form?.get('Action') ?? '');
  }

  /** A copy of the stack as the stand-in holds it, or undefined. */
  stack(stackId: string): Stack | undefined {
    const stack = this.stacks.get(stackId);
    return stack && { ...stack, resources: new Map(stack.resources) };
  }

  /** Creates the stack or sets its status (default UPDATE_IN_PROGRESS: an operation under way). */
  putStack(stackId: string, { status = 'UPDATE_IN_PROGRESS' }: { status?: string } = {}): void {
    const stack = this.stacks.get(stackId);
    if (stack) stack.StackStatus = status;
    else this.newStack(stackId, status);
  }

  /** Declares a resource of the stack, any status and physical id (creating the stack, UPDATE_IN_PROGRESS, if new). */
  putResource(stackId: string, logicalId: string, resourceType: string, options: ResourceOptions = {}): void {
    const stack = this.stacks.get(stackId) ?? this.newStack(stackId, 'UPDATE_IN_PROGRESS');
    stack.resources.set(logicalId, {
      ResourceType: resourceType,
      PhysicalResourceId: options.physicalId,
      ResourceStatus: options.status ?? 'CREATE_COMPLETE',
      LastUpdatedTimestamp: Date.now(),
    });
  }

  removeResource(stackId: string, logicalId: string): void {
    this.stacks.get(stackId)?.resources.delete(logicalId);
  }

  removeStack(stackId: string): void {
    this.stacks.delete(stackId);
  }

  /**
   * What CloudFormation knows while it sends `event`: the stack exists (a new one is
   * UPDATE_IN_PROGRESS; an existing one keeps its status, so tests can make it idle) and holds
   * the resource with the event's type, `<REQUESTTYPE>_IN_PROGRESS`, until the function answers.
   */
  registerEvent(event: EventIdentity): void {
    const stackId = text(event.StackId);
    const logicalId = text(event.LogicalResourceId);
    if (!stackId || !logicalId) return;
    const requestType = text(event.RequestType) ?? 'Update';
    const stack = this.stacks.get(stackId) ?? this.newStack(stackId, 'UPDATE_IN_PROGRESS');
    const before = stack.resources.get(logicalId);
    stack.resources.set(logicalId, {
      ResourceType: text(event.ResourceType) ?? '',
      PhysicalResourceId: text(event.PhysicalResourceId) ?? before?.PhysicalResourceId,
      ResourceStatus: `${requestType.toUpperCase()}_IN_PROGRESS`,
      LastUpdatedTimestamp: Date.now(),
    });
    const requestId = text(event.RequestId);
    if (requestId) this.pending.set(requestId, { stackId, logicalId, requestType });
  }

  /**
   * The function answered a registered event: its resource moves on as CloudFormation moves it
   * (Create and Update: `*_COMPLETE` with the answered PhysicalResourceId, or `*_FAILED`;
   * Delete: `DELETE_COMPLETE` or `DELETE_FAILED`). Answers to events never registered, a
   * second answer, or one naming another stack or resource change nothing. True when it moved.
   */
  answer(answer: EventAnswer): boolean {
    const requestId = text(answer.RequestId);
    const pending = requestId === undefined ? undefined : this.pending.get(requestId);
    if (!requestId || !pending) return false;
    if (pending.stackId !== answer.StackId || pending.logicalId !== answer.LogicalResourceId) return false;
    const resource = this.stacks.get(pending.stackId)?.resources.get(pending.logicalId);
    this.pending.delete(requestId);
    if (!resource || resource.ResourceStatus !== `${pending.requestType.toUpperCase()}_IN_PROGRESS`) return false;
    const succeeded = answer.Status === 'SUCCESS';
    const physicalId = text(answer.PhysicalResourceId);
    const keepsId = !succeeded || pending.requestType === 'Delete' || physicalId === undefined;
    this.stacks.get(pending.stackId)?.resources.set(pending.logicalId, {
      ...resource,
      PhysicalResourceId: keepsId ? resource.PhysicalResourceId : physicalId,
      ResourceStatus: settledStatus(pending.requestType, succeeded),
      LastUpdatedTimestamp: Date.now(),
    });
    return true;
  }

  /** Answers DescribeStackResource or DescribeStacks (see {@link serves}). */
  handle(call: Call): Answer {
    const form = call.form ?? new URLSearchParams();
    const stackName = form.get('StackName') ?? undefined;
    if (form.get('Action') === 'DescribeStackResource')
      return this.describeStackResource(stackName ?? '', form.get('LogicalResourceId') ?? '', call.region);
    return this.describeStacks(stackName, call.region);
  }

  private newStack(stackId: string, status: string): MutableStack {
    const created: MutableStack = {
      StackId: stackId,
      StackName: parseStackId(stackId)?.name ?? stackId,
      StackStatus: status,
      CreationTime: Date.now(),
      resources: new Map(),
    };
    this.stacks.set(stackId, created);
    return created;
  }

  /** The stack a StackName (a name or a stack ARN) names, as seen from `region` of ACCOUNT. */
  private find(stackName: string, region: string): MutableStack | undefined {
    const visible = (s: MutableStack) => {
      const id = parseStackId(s.StackId);
      return id !== undefined && id.account === ACCOUNT && id.region === region;
    };
    if (stackName.startsWith('arn:')) {
      const stack = this.stacks.get(stackName);
      return stack && visible(stack) ? stack : undefined;
    }
    // By name CloudFormation finds only a live stack (a deleted one is reached by its ARN).
    return [...this.stacks.values()]
      .filter((s) => visible(s) && s.StackName === stackName && s.StackStatus !== 'DELETE_COMPLETE')
      .sort((a, b) => b.CreationTime - a.CreationTime)[0];
  }

  private describeStackResource(stackName: string, logicalId: string, region: string): Answer {
    const stack = this.find(stackName, region);
    if (!stack) return queryError(400, 'ValidationError', `Stack '${stackName}' does not exist`, CLOUDFORMATION_XMLNS);
    const resource = stack.resources.get(logicalId);
    if (!resource) {
      const message = `Resource ${logicalId} does not exist for stack ${stackName}`;
      return queryError(400, 'ValidationError', message, CLOUDFORMATION_XMLNS);
    }
    const detail =
      xmlElement('StackId', stack.StackId) +
      xmlElement('StackName', stack.StackName) +
      xmlElement('LogicalResourceId', logicalId) +
      xmlElement('PhysicalResourceId', resource.PhysicalResourceId) +
      xmlElement('ResourceType', resource.ResourceType) +
      xmlElement('LastUpdatedTimestamp', iso(resource.LastUpdatedTimestamp)) +
      xmlElement('ResourceStatus', resource.ResourceStatus) +
      drift('StackResourceDriftStatus');
    return queryResult(
      'DescribeStackResource',
      CLOUDFORMATION_XMLNS,
      `<StackResourceDetail>${detail}</StackResourceDetail>`,
    );
  }

  private describeStacks(stackName: string | undefined, region: string): Answer {
    let stacks: MutableStack[];
    if (stackName) {
      const stack = this.find(stackName, region);
      if (!stack)
        return queryError(400, 'ValidationError', `Stack with id ${stackName} does not exist`, CLOUDFORMATION_XMLNS);
      stacks = [stack];
    } else {
      stacks = [...this.stacks.values()].filter(
        (s) => s.StackStatus !== 'DELETE_COMPLETE' && this.find(s.StackId, region),
      );
    }
    const members = stacks
      .map(
        (s) =>
          `<member>${xmlElement('StackName', s.StackName)}${xmlElement('StackId', s.StackId)}` +
          `${xmlElement('CreationTime', iso(s.CreationTime))}${xmlElement('StackStatus', s.StackStatus)}` +
          `<DisableRollback>false</DisableRollback>${drift('StackDriftStatus')}</member>`,
      )
      .join('');
    return queryResult('DescribeStacks', CLOUDFORMATION_XMLNS, `<Stacks>${members}</Stacks>`);
  }
}
