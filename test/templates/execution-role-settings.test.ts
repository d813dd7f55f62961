/**
 * The execution role under other deployment settings (its own boundary, another path prefix), and
 * the simulator helper itself (it must refuse what it cannot evaluate rather than answer Denied).
 */
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_VALUE, TAG_KEYS } from '../../src/names.js';
import { TEST_DEPLOYMENT } from './deployment.js';
import {
  completeRequest,
  executionRolePolicies,
  expectedBoundaryArn,
  roleBoundaryPolicy,
  simulate,
} from './execution-role-policy.js';
import {
  account,
  BOUNDARY,
  CREATE_CONTEXT,
  OTHER_REGION,
  OWNED,
  OWNERSHIP,
  partition,
  ROLE,
  region,
  sesSet,
  TAG_CONTEXT,
} from './simulation/catalog.js';

const MANAGED_BY_TAG = TAG_KEYS.managedBy;

describe('execution role in the IAM policy simulator: the deployment settings', () => {
  it('writes its own logs', async () => {
    const group = `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/pinpoint-event-stream-resource`;
    expect(
      await simulate({ action: 'logs:CreateLogStream', resource: `${group}:log-stream:2026/01/01/[$LATEST]abc` }),
    ).toBe('Allowed');
    expect(
      await simulate({ action: 'logs:PutLogEvents', resource: `${group}:log-stream:2026/01/01/[$LATEST]abc` }),
    ).toBe('Allowed');
  });

  it('with its own boundary (PermissionsBoundaryArn), creates roles with that boundary only', async () => {
    const own = `arn:${partition}:iam::${account}:policy/security/OurBoundary`;
    const options = { parameters: { PermissionsBoundaryArn: own } };
    expect(expectedBoundaryArn(options)).toBe(own);
    expect(roleBoundaryPolicy(options)).toBeUndefined();
    const create = {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, 'iam:PermissionsBoundary': own },
    };
    expect(await simulate(create, options)).toBe('Allowed');
    expect(await simulate({ action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT }, options)).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await simulate(
        { action: 'iam:PutRolePolicy', resource: ROLE, context: { ...OWNED, 'iam:PermissionsBoundary': own } },
        options,
      ),
    ).toBe('Allowed');
    expect(await simulate({ action: 'iam:PutRolePolicy', resource: ROLE, context: OWNED }, options)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('with another ManagedRolePathPrefix, reaches only roles under that prefix', async () => {
    const options = { deployment: { ...TEST_DEPLOYMENT, prefix: 'messaging-roles' } };
    const inPath = `arn:${partition}:iam::${account}:role/messaging-roles/${region}/r`;
    expect(await simulate({ action: 'iam:CreateRole', resource: inPath, context: CREATE_CONTEXT }, options)).toBe(
      'Allowed',
    );
    expect(await simulate({ action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT }, options)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('uses the boundary the function is told to use', () => {
    expect(expectedBoundaryArn()).toBe(BOUNDARY);
  });
});

describe('the simulator helper', () => {
  it('fills in the keys IAM always sets', () => {
    const request = completeRequest({
      action: 'iam:TagRole',
      resource: ROLE,
      context: { ...TAG_CONTEXT, [`aws:ResourceTag/${MANAGED_BY_TAG}`]: MANAGED_BY_VALUE },
    });
    expect(request.context['aws:RequestedRegion']).toBe(region);
    expect(request.context['aws:PrincipalAccount']).toBe(account);
    expect([...(request.context['aws:TagKeys'] as string[])].sort()).toEqual(
      [...Object.keys(OWNERSHIP), 'team'].sort(),
    );
    expect(request.context[`iam:ResourceTag/${MANAGED_BY_TAG}`]).toBe(MANAGED_BY_VALUE);
    expect(
      completeRequest({
        action: 'ses:CreateConfigurationSetEventDestination',
        resource: sesSet(undefined, OTHER_REGION),
      }).context['aws:RequestedRegion'],
    ).toBe(OTHER_REGION);
  });

  it('refuses what it cannot evaluate instead of answering Denied', async () => {
    await expect(simulate({ action: 'iam:NoSuchAction', resource: ROLE })).rejects.toThrow(/cannot evaluate/);
    await expect(
      simulate({ action: 'mobiletargeting:PutEventStream', resource: 'arn:aws:s3:::bucket' }),
    ).rejects.toThrow(/cannot evaluate/);
    await expect(simulate({ action: 'PutEventStream', resource: ROLE })).rejects.toThrow(/bad action/);
    await expect(simulate({ action: 'iam:GetRole', resource: '' })).rejects.toThrow(/resource is required/);
  });

  it('resolves every intrinsic of the execution role policy', () => {
    const text = JSON.stringify(executionRolePolicies());
    expect(text).not.toMatch(/Fn::|"Ref"|\$\{/);
    expect(text).toContain(`role/pinpoint-event-stream/${region}/*`);
    expect(text).toContain(BOUNDARY);
  });
});
