/**
 * What the lifecycle tests set up beyond test/unit/account.ts: the accounts that only their rules
 * need, written once so that each test says only what differs.
 */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { fingerprint, freshAccount, type MockedClients, ownedRole, type RoleOptions } from '../account.js';
import { APP_ID } from '../fixtures.js';

/**
 * A fresh account holding the fixture event stream's role under the name `roleName` that its
 * template fixes (RoleName), ours and bound to the fixture application, with no event stream yet.
 */
export function namedStreamRole(aws: MockedClients, roleName: string, options: RoleOptions = {}): void {
  freshAccount(aws);
  aws.iam
    .on(GetRoleCommand, { RoleName: roleName })
    .resolves(ownedRole(roleName, fingerprint({ ApplicationId: APP_ID }, '/', roleName), options));
}
