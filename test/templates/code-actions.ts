/**
 * The AWS actions the function's code calls: every awsCall(ctx, '<action>', ...) in src/aws/*.ts.
 * template.yaml's execution role must allow exactly these (plus IMPLIED_ACTIONS and the
 * runtime's own log writes), nothing more: test/templates/execution-role.test.ts compares them.
 *
 * src/aws/*.ts must match this list. When a call is added to or removed from the code, change
 * it here in the same commit (the scan in execution-role.test.ts checks both agree).
 */
export const CODE_ACTIONS: readonly string[] = Object.freeze([
  // IAM: the roles
  'iam:GetRole',
  'iam:CreateRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:DeleteRole',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:DetachRolePolicy',
  // Amazon Pinpoint event streams
  'mobiletargeting:GetEventStream',
  'mobiletargeting:PutEventStream',
  'mobiletargeting:DeleteEventStream',
  // SES v2 configuration set event destinations
  'ses:GetConfigurationSetEventDestinations',
  'ses:CreateConfigurationSetEventDestination',
  'ses:UpdateConfigurationSetEventDestination',
  'ses:DeleteConfigurationSetEventDestination',
  // AWS End User Messaging SMS and voice (pinpoint-sms-voice-v2) event destinations
  'sms-voice:DescribeConfigurationSets',
  'sms-voice:CreateEventDestination',
  'sms-voice:UpdateEventDestination',
  'sms-voice:DeleteEventDestination',
  // Verifying each event against CloudFormation
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStacks',
]);

/**
 * Authorised although the code never names them: PutEventStream and the SES and SMS and voice
 * event destination calls pass the role to the service (iam:PassRole).
 */
export const IMPLIED_ACTIONS: readonly string[] = Object.freeze(['iam:PassRole']);

/** Gone from the code and from the template: the boundary is set at CreateRole and never changed. */
export const REMOVED_ACTIONS: readonly string[] = Object.freeze([
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
]);
