/**
 * Stored names: every name this product writes into an account or a template, where it outlives
 * the code that wrote it (tags on roles, IAM paths and policy names, metric series, SSM
 * parameters, resource types in users' templates). The execution role's IAM conditions in
 * template.yaml match several of them (test/templates pins them to this module).
 *
 * Change only with a migration: a renamed tag key or value makes every role that earlier
 * versions created unrecognisable, so their stacks could no longer update or delete them.
 */

/** The resource types templates declare. `Custom::PinpointEventStream` with ConfigurationSetName is the SES alias. */
export const RESOURCE_TYPES = {
  pinpointEventStream: 'Custom::PinpointEventStream',
  sesEventDestination: 'Custom::SesEventDestination',
  smsVoiceEventDestination: 'Custom::SmsVoiceEventDestination',
  emailSendingRole: 'Custom::PinpointEmailSendingRole',
} as const;

export type ResourceTypeName = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

/** Every supported ResourceType, in the order reasons list them. */
export const SUPPORTED_RESOURCE_TYPES: readonly ResourceTypeName[] = [
  RESOURCE_TYPES.smsVoiceEventDestination,
  RESOURCE_TYPES.sesEventDestination,
  RESOURCE_TYPES.pinpointEventStream,
  RESOURCE_TYPES.emailSendingRole,
];

/** Prefix of the tags this product puts on its roles; users may not use it in Tags. */
export const TAG_PREFIX = 'pinpoint-event-stream:';

/** The tags that say whose a role is (all but `deployment` on every role since 2.0). */
export const TAG_KEYS = {
  /** Always MANAGED_BY_VALUE. */
  managedBy: `${TAG_PREFIX}managed-by`,
  /** The StackId of the stack resource that owns the role. */
  stackId: `${TAG_PREFIX}stack-id`,
  /** Its LogicalResourceId. */
  logicalId: `${TAG_PREFIX}logical-id`,
  /** Fingerprint of the properties whose change replaces the role. */
  binding: `${TAG_PREFIX}binding`,
  /** The deployment (its stack name, DEPLOYMENT_ID) whose function made the role; since 3.0. */
  deployment: `${TAG_PREFIX}deployment`,
} as const;

/** Value of the managed-by tag, for every kind (the IAM conditions of every released template match it). */
export const MANAGED_BY_VALUE = 'Custom::PinpointEventStream';

/** The inline permissions policy on each role. */
export const INLINE_POLICY_NAME = 'pinpoint-event-stream';

/** First segment of the managed IAM path `/<prefix>/<Region>/` when the deployment names none. */
export const DEFAULT_MANAGED_PATH_PREFIX = 'pinpoint-event-stream';

/** CloudWatch namespace of the metrics (embedded metric format). */
export const METRICS_NAMESPACE = 'PinpointEventStreamResource';

/** Default SSM parameter that publishes the ServiceToken (template.yaml's ServiceTokenParameterName). */
export const DEFAULT_SERVICE_TOKEN_PARAMETER = '/pinpoint-event-stream/service-token';

/** Description written on every role. */
export const ROLE_DESCRIPTION =
  'Managed by a CloudFormation custom resource (pinpoint-event-stream); deleted with its stack resource.';
