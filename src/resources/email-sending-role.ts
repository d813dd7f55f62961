/** Custom::PinpointEmailSendingRole: the role Pinpoint assumes to send email through SES (orchestration sending role). */
import { emailSendingPolicy, pinpointAccountTrust } from '../policies.js';
import { COMMON_PROPERTIES, optionalStringList, rejectUnknown, roleProperties, type RoleProperties } from '../properties.js';
import type { ResourceKind } from './kind.js';

export interface EmailSendingRoleProperties extends RoleProperties {
  readonly identities?: readonly string[];
  readonly configurationSets?: readonly string[];
}

const PROPERTIES = [...COMMON_PROPERTIES, 'Identities', 'ConfigurationSets'];
/** An email address or domain: no wildcard (*, ?), no ARN separators (: /), no spaces. */
const IDENTITY = /^[A-Za-z0-9!#$%&'+=^_`{|}~.@-]{1,320}$/;

export const emailSendingRole: ResourceKind<EmailSendingRoleProperties> = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    return {
      ...roleProperties(raw, stack),
      identities: optionalStringList(raw, 'Identities', IDENTITY, 'an email address or domain (no wildcards)'),
      configurationSets: optionalStringList(raw, 'ConfigurationSets', /^[a-zA-Z0-9_-]{1,64}$/, 'a configuration set name (1-64 letters, digits, _ or -)'),
    };
  },

  binding: () => ({ Kind: 'EmailSendingRole' }),
  trustPolicy: (_, stack) => pinpointAccountTrust(stack),
  permissionsPolicy: (p, stack) => emailSendingPolicy(stack, p.identities, p.configurationSets),
  replaceExisting: () => false,
  data: () => ({}),
};
