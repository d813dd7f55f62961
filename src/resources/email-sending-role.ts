/**
 * Custom::PinpointEmailSendingRole: the role Pinpoint assumes to send email through SES (orchestration
 * sending role). Retired with Pinpoint: only where the deployment enables it (EnableEmailSendingRole).
 */
import { emailSendingPolicy, pinpointAccountTrust } from '../policies.js';
import { COMMON_PROPERTIES, optionalStringList, rejectUnknown, roleProperties } from '../properties.js';
import type { ResourceKind } from './kind.js';

const PROPERTIES = [...COMMON_PROPERTIES, 'Identities', 'ConfigurationSets'];
/** An email address or domain: no wildcard (*, ?), no ARN separators (: /), no spaces. */
const IDENTITY = /^[A-Za-z0-9!#$%&'+=^_`{|}~.@-]{1,320}$/;

export const emailSendingRole: ResourceKind = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    const identities = optionalStringList(raw, 'Identities', IDENTITY, 'an email address or domain (no wildcards)');
    const configurationSets = optionalStringList(
      raw,
      'ConfigurationSets',
      /^[a-zA-Z0-9_-]{1,64}$/,
      'a configuration set name (1-64 letters, digits, _ or -)',
    );
    return {
      role: roleProperties(raw),
      binding: { Kind: 'EmailSendingRole' },
      trust: pinpointAccountTrust(stack),
      permissions: emailSendingPolicy(stack, identities, configurationSets),
      data: {},
      optIn: 'enableEmailSendingRole',
    };
  },
};
