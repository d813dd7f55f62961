/** Custom::PinpointEmailSendingRole: the role Amazon Pinpoint assumes to send email through SES. */
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { configurationSetName, emailIdentity } from './references.js';
import { type MessagingRoleProps, MessagingRoleResource } from './resource.js';

export interface PinpointEmailSendingRoleProps extends MessagingRoleProps {
  /** Identities: the email addresses or domains the role may send from (no wildcards). @default every identity */
  readonly identities?: readonly (ses.IEmailIdentityRef | string)[];
  /** ConfigurationSets: the configuration sets the role may send with. @default every configuration set */
  readonly configurationSets?: readonly (ses.IConfigurationSetRef | string)[];
}

/**
 * The role Amazon Pinpoint assumes to send email through SES (the orchestration sending role);
 * a role only, no service call. Served only where the deployment enables it. Pinpoint's email
 * channel reached end of support on 2026-10-30: keep it only while Pinpoint still sends for you.
 */
export class PinpointEmailSendingRole extends MessagingRoleResource {
  constructor(scope: Construct, id: string, props: PinpointEmailSendingRoleProps) {
    super(scope, id, 'emailSendingRole', props, {
      Identities: props.identities?.map(emailIdentity),
      ConfigurationSets: props.configurationSets?.map(configurationSetName),
    });
  }
}
