/**
 * The authorization record of the function's calls: for each call, what an IAM policy
 * simulator needs to check it against the execution role (action, resource ARN, condition
 * keys), including the separate `iam:PassRole` a call that hands a role to a service implies.
 * Roles are looked up before the call changes them, as IAM authorises against the role as it is.
 */
import type { Role } from '@aws-sdk/client-iam';
import { ACCOUNT, PARTITION, roleArn, roleNameOf } from './account.js';
import type { Call } from './call.js';
import { smsConfigurationSetArn } from './sms-voice.js';
import { formList, formTags, jsonBody } from './wire.js';

/** What an IAM policy simulator needs for one of the function's calls. */
export interface AuthzRecord {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/** The role of that name as IAM has it now, or undefined. */
export type RoleLookup = (name: string) => Promise<Role | undefined>;

type Context = Record<string, string | readonly string[]>;

const resourceTags = (role: Role | undefined): Context =>
  Object.fromEntries((role?.Tags ?? []).map((t) => [`iam:ResourceTag/${t.Key}`, t.Value ?? '']));

const requestTags = (tags: Record<string, string>): Context =>
  Object.keys(tags).length
    ? {
        ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
        'aws:TagKeys': Object.keys(tags),
      }
    : {};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const member = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** The separate iam:PassRole a service call implies: authorised against the role as given. */
async function passRole(lookup: RoleLookup, arn: string | undefined, service: string): Promise<AuthzRecord[]> {
  if (!arn) return [];
  const role = await lookup(roleNameOf(arn));
  const tags = role?.Arn === arn ? resourceTags(role) : {};
  return [{ action: 'iam:PassRole', resource: arn, context: { 'iam:PassedToService': service, ...tags } }];
}

async function iamRecords(call: Call, form: URLSearchParams, lookup: RoleLookup): Promise<AuthzRecord[]> {
  const { action } = call;
  const name = form.get('RoleName');
  const policyArn = form.get('PolicyArn');
  if (action === 'iam:CreateRole') {
    const boundary = form.get('PermissionsBoundary');
    const context = { ...requestTags(formTags(form)), ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}) };
    return [{ action, resource: roleArn(form.get('Path') || '/', name ?? ''), context }];
  }
  if (name) {
    // IAM authorises against the role's full ARN (with its path) when it exists; a role
    // that does not exist (yet) can only be named by `role/<name>`.
    const role = await lookup(name);
    const boundary =
      action === 'iam:PutRolePermissionsBoundary'
        ? form.get('PermissionsBoundary')
        : role?.PermissionsBoundary?.PermissionsBoundaryArn;
    const context = {
      ...resourceTags(role),
      ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}),
      ...(action === 'iam:TagRole' ? requestTags(formTags(form)) : {}),
      ...(action === 'iam:UntagRole' ? { 'aws:TagKeys': formList(form, 'TagKeys') } : {}),
      ...(policyArn ? { 'iam:PolicyARN': policyArn } : {}),
    };
    return [{ action, resource: role?.Arn ?? roleArn('/', name), context }];
  }
  return [{ action, resource: policyArn ?? '*', context: {} }];
}

/** What the function's call needs from its execution role (one or more records). */
export async function authorizationRecords(call: Call, body: string, lookup: RoleLookup): Promise<AuthzRecord[]> {
  const { action, region, form } = call;
  if (form && call.service === 'iam') return iamRecords(call, form, lookup);
  if (form && call.service === 'cloudformation') {
    const stackName = form.get('StackName');
    const resource = !stackName
      ? '*'
      : stackName.startsWith('arn:')
        ? stackName
        : `arn:${PARTITION}:cloudformation:${region}:${ACCOUNT}:stack/${stackName}/*`;
    return [{ action, resource, context: {} }];
  }
  const input = jsonBody(body);
  const app = /^\/v1\/apps\/([^/]+)/.exec(call.path)?.[1];
  if (action.startsWith('mobiletargeting:') && app) {
    const resource = `arn:${PARTITION}:mobiletargeting:${region}:${ACCOUNT}:apps/${app}/eventstream`;
    const passes =
      action === 'mobiletargeting:PutEventStream'
        ? await passRole(lookup, text(input.RoleArn), 'pinpoint.amazonaws.com')
        : [];
    return [{ action, resource, context: {} }, ...passes];
  }
  if (action.startsWith('ses:') && call.configurationSet) {
    const resource = `arn:${PARTITION}:ses:${region}:${ACCOUNT}:configuration-set/${call.configurationSet}`;
    const writes =
      action === 'ses:CreateConfigurationSetEventDestination' ||
      action === 'ses:UpdateConfigurationSetEventDestination';
    const role = text(member(member(input.EventDestination, 'KinesisFirehoseDestination'), 'IamRoleArn'));
    const passes = writes ? await passRole(lookup, role, 'ses.amazonaws.com') : [];
    return [{ action, resource, context: {} }, ...passes];
  }
  if (call.smsVoice) {
    const names =
      call.operation === 'DescribeConfigurationSets'
        ? (Array.isArray(input.ConfigurationSetNames) ? input.ConfigurationSetNames : []).map(String)
        : input.ConfigurationSetName
          ? [String(input.ConfigurationSetName)]
          : [];
    const records = names.length
      ? names.map((n) => ({ action, resource: smsConfigurationSetArn(region, n), context: {} }))
      : [{ action, resource: '*', context: {} }];
    const writes = call.operation === 'CreateEventDestination' || call.operation === 'UpdateEventDestination';
    const role =
      text(member(input.KinesisFirehoseDestination, 'IamRoleArn')) ??
      text(member(input.CloudWatchLogsDestination, 'IamRoleArn'));
    return [...records, ...(writes ? await passRole(lookup, role, 'sms-voice.amazonaws.com') : [])];
  }
  return [{ action, resource: '*', context: {} }];
}
