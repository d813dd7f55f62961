/**
 * IAM as the other services see it, on top of moto's IAM:
 *   - propagation: for `propagationDelayMs` after a role or its policy changes, the services
 *     refuse the role as AWS does while IAM propagates;
 *   - throttling: at most `mutatingPerSecond` mutating IAM calls a second, the rest answered
 *     `Throttling` as IAM does (IAM is one endpoint per account for every Region);
 *   - the role check Pinpoint, SES and SMS and voice make before accepting a role: it must
 *     exist, trust the service (and, where the service sends them, hold the trust's
 *     conditions), and allow the actions on the destination.
 */
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { EMULATOR_CREDENTIALS, roleNameOf } from './account.js';
import type { Call } from './call.js';
import { type Answer, queryError } from './wire.js';

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** The IAM calls after which the role is new to the services again. */
const CHANGES_ROLE = new Set(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']);

/** Why a service refuses a role: it cannot assume it, IAM is still propagating it, or it may not write there. */
export type RoleProblem = 'assume' | 'propagating' | 'access';

/** What the service asks of the role: its principal, the actions on `resource`, the trust's context keys. */
export interface RoleRequirement {
  readonly principal: string;
  readonly actions: readonly string[];
  readonly resource: string;
  /** The condition keys the service sends when it assumes the role (checked only when given). */
  readonly trustContext?: Readonly<Record<string, string>>;
}

interface Statement {
  readonly Effect?: string;
  readonly Principal?: { readonly Service?: string | readonly string[] };
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}
interface PolicyDocument {
  readonly Statement?: readonly Statement[];
}

const list = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

const parsePolicy = (encoded: string | undefined): PolicyDocument =>
  JSON.parse(decodeURIComponent(encoded ?? '{}')) as PolicyDocument;

/** IAM condition operators the stand-ins evaluate in trust policies (Like: `*` and `?` globs). */
export function conditionHolds(
  operator: string,
  expected: string | readonly string[],
  actual: string | undefined,
): boolean {
  if (actual === undefined) return false;
  const values = list(expected).map(String);
  if (operator === 'StringEquals' || operator === 'ArnEquals') return values.includes(actual);
  if (operator === 'StringLike' || operator === 'ArnLike') {
    const glob = (v: string) =>
      new RegExp(
        `^${v
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
    return values.some((v) => glob(v).test(actual));
  }
  return false;
}

/** The IAM emulation of one gateway (see the file comment). */
export class IamEmulation {
  /** Milliseconds after a role's last change during which the services refuse it. */
  propagationDelayMs: number;
  /** Mutating IAM calls admitted a second before `Throttling`; undefined: unlimited. */
  mutatingPerSecond: number | undefined = undefined;
  /** Mutating IAM calls admitted and throttled since the last reset (counted with or without a limit). */
  admitted = 0;
  throttled = 0;
  private readonly changedAtByRole = new Map<string, number>();
  /** epoch ms of the mutating IAM calls admitted in the last second */
  private readonly window: number[] = [];
  private readonly iam: IAMClient;

  constructor(motoEndpoint: string, propagationDelayMs = 0) {
    this.propagationDelayMs = propagationDelayMs;
    this.iam = new IAMClient({ endpoint: motoEndpoint, credentials: EMULATOR_CREDENTIALS, region: 'us-east-1' });
  }

  /** When the role was last created or had its trust or inline policy changed (epoch ms), if ever. */
  changedAt(roleName: string): number | undefined {
    return this.changedAtByRole.get(roleName);
  }

  /** Notes a call moto has answered: a successful change starts the role's propagation again. */
  answered(call: Call, status: number): void {
    const name = call.form?.get('RoleName');
    if (status === 200 && name && CHANGES_ROLE.has(call.action)) this.changedAtByRole.set(name, Date.now());
  }

  /** The `Throttling` answer when this call is a mutating IAM call over the rate; undefined to admit it. */
  throttle(call: Call): Answer | undefined {
    if (!call.form || call.service !== 'iam' || /^(Get|List)/.test(call.form.get('Action') ?? '')) return undefined;
    const now = Date.now();
    while (this.window.length && now - (this.window[0] ?? now) >= 1000) this.window.shift();
    if (this.mutatingPerSecond !== undefined && this.window.length >= this.mutatingPerSecond) {
      this.throttled += 1;
      return queryError(400, 'Throttling', 'Rate exceeded', IAM_XMLNS);
    }
    this.window.push(now);
    this.admitted += 1;
    return undefined;
  }

  /** No delay, no limit, no counts (the roles' change times stay). */
  reset(): void {
    this.propagationDelayMs = 0;
    this.mutatingPerSecond = undefined;
    this.admitted = 0;
    this.throttled = 0;
    this.window.length = 0;
  }

  /** The role as IAM has it now (any path: a role ARN's name is its last segment), or undefined. */
  async lookupRole(name: string): Promise<Role | undefined> {
    try {
      return (await this.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    } catch {
      return undefined;
    }
  }

  /** Why a service would refuse `roleArn` for `requirement`, or undefined when it accepts it. */
  async roleProblem(roleArn: string | undefined, requirement: RoleRequirement): Promise<RoleProblem | undefined> {
    const name = roleNameOf(String(roleArn));
    const role = await this.lookupRole(name);
    if (!role || role.Arn !== roleArn) return 'assume';
    if (Date.now() - (this.changedAtByRole.get(name) ?? 0) < this.propagationDelayMs) return 'propagating';
    const context = requirement.trustContext;
    const conditionsHold = (s: Statement) =>
      !context ||
      Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) => conditionHolds(operator, expected, context[key])),
      );
    const trusted = list(parsePolicy(role.AssumeRolePolicyDocument).Statement).some(
      (s) =>
        s.Effect === 'Allow' &&
        list(s.Principal?.Service).includes(requirement.principal) &&
        list(s.Action).includes('sts:AssumeRole') &&
        conditionsHold(s),
    );
    if (!trusted) return 'assume';
    const statements = await this.inlineStatements(name);
    const allowed = (action: string) =>
      statements.some(
        (s) =>
          s.Effect === 'Allow' && list(s.Action).includes(action) && list(s.Resource).includes(requirement.resource),
      );
    return requirement.actions.every(allowed) ? undefined : 'access';
  }

  /** Every statement of the role's inline policies (none when they cannot be read). */
  private async inlineStatements(name: string): Promise<Statement[]> {
    try {
      const { PolicyNames = [] } = await this.iam.send(new ListRolePoliciesCommand({ RoleName: name }));
      const documents = await Promise.all(
        PolicyNames.map(async (PolicyName) => {
          const policy = await this.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }));
          return parsePolicy(policy.PolicyDocument);
        }),
      );
      return documents.flatMap((d) => list(d.Statement));
    } catch {
      return [];
    }
  }

  close(): void {
    this.iam.destroy();
  }
}
