/**
 * The built-in event types: what SaaS audit logs carry. One explicit array, in the order of the
 * docs' mapping table (`docs/mapping.md`, generated from this array).
 *
 * OCSF activities are the class's own where it has one; where OCSF 1.1.0 has none (an MFA
 * challenge, a DLP redaction) the activity is 99 (Other) named by `activity_name`.
 */
import { Type } from 'typebox';
import {
  AccessPayloadSchema,
  ApiRequestPayloadSchema,
  CertificatePayloadSchema,
  DeliveryDroppedPayloadSchema,
  DlpPayloadSchema,
  ExternalLinkPayloadSchema,
  FilePayloadSchema,
  FileRelocationPayloadSchema,
  LoginPayloadSchema,
  MembershipPayloadSchema,
  MfaChallengePayloadSchema,
  PermissionDeniedPayloadSchema,
  SessionExpirePayloadSchema,
  SettingsPayloadSchema,
  SharePayloadSchema,
  TokenExchangePayloadSchema,
} from '../../schemas/canonical/payloads/index.js';
import { defineEventType } from './event-type.js';

/** A payload with no members of its own (any member is still accepted). */
const AnyPayload = Type.Object({});

const iamUser = { kind: 'event', category: ['iam'] } as const;
const file = { kind: 'event', category: ['file'] } as const;

export const BUILT_IN_EVENT_TYPES = [
  // AUTHENTICATION -> 3002 Authentication
  defineEventType({ action: 'user.login', category: 'AUTHENTICATION', payload: LoginPayloadSchema, ocsf: { class: 'authentication', activity_id: 1 }, ecs: { kind: 'event', category: ['authentication', 'session'], type: ['start'] }, cef: { signature_id: 'user.login', name: 'User login' } }),
  defineEventType({ action: 'user.logout', category: 'AUTHENTICATION', payload: AnyPayload, ocsf: { class: 'authentication', activity_id: 2 }, ecs: { kind: 'event', category: ['authentication', 'session'], type: ['end'] }, cef: { signature_id: 'user.logout', name: 'User logout' } }),
  defineEventType({ action: 'user.mfa_challenge', category: 'AUTHENTICATION', payload: MfaChallengePayloadSchema, ocsf: { class: 'authentication', activity_id: 99, activity_name: 'MFA Challenge' }, ecs: { kind: 'event', category: ['authentication'], type: ['info'] }, cef: { signature_id: 'user.mfa_challenge', name: 'MFA challenge' } }),
  defineEventType({ action: 'session.expire', category: 'AUTHENTICATION', payload: SessionExpirePayloadSchema, ocsf: { class: 'authentication', activity_id: 2 }, ecs: { kind: 'event', category: ['session'], type: ['end'] }, cef: { signature_id: 'session.expire', name: 'Session expired' } }),
  defineEventType({ action: 'token.exchange', category: 'AUTHENTICATION', payload: TokenExchangePayloadSchema, ocsf: { class: 'authentication', activity_id: 99, activity_name: 'Token Exchange' }, ecs: { kind: 'event', category: ['authentication'], type: ['info'] }, cef: { signature_id: 'token.exchange', name: 'Token exchange' } }),
  // ACCOUNT_CHANGE -> 3001 Account Change (the resource is the account changed; none: the actor's own)
  defineEventType({ action: 'user.create', category: 'ACCOUNT_CHANGE', payload: AnyPayload, ocsf: { class: 'account_change', activity_id: 1 }, ecs: { ...iamUser, type: ['user', 'creation'] }, cef: { signature_id: 'user.create', name: 'User created' } }),
  defineEventType({ action: 'user.delete', category: 'ACCOUNT_CHANGE', payload: AnyPayload, ocsf: { class: 'account_change', activity_id: 6 }, ecs: { ...iamUser, type: ['user', 'deletion'] }, cef: { signature_id: 'user.delete', name: 'User deleted' } }),
  defineEventType({ action: 'user.enable', category: 'ACCOUNT_CHANGE', payload: AnyPayload, ocsf: { class: 'account_change', activity_id: 2 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'user.enable', name: 'User enabled' } }),
  defineEventType({ action: 'user.disable', category: 'ACCOUNT_CHANGE', payload: AnyPayload, ocsf: { class: 'account_change', activity_id: 5 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'user.disable', name: 'User disabled' } }),
  defineEventType({ action: 'user.password_change', category: 'ACCOUNT_CHANGE', payload: AnyPayload, ocsf: { class: 'account_change', activity_id: 3 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'user.password_change', name: 'Password changed' } }),
  defineEventType({ action: 'user.mfa_enable', category: 'ACCOUNT_CHANGE', payload: MfaChallengePayloadSchema, ocsf: { class: 'account_change', activity_id: 10 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'user.mfa_enable', name: 'MFA enabled' } }),
  // GROUP_MANAGEMENT -> 3006 Group Management (the resource is the group, payload.member the user)
  defineEventType({ action: 'group.member_add', category: 'GROUP_MANAGEMENT', payload: MembershipPayloadSchema, ocsf: { class: 'group_management', activity_id: 3 }, ecs: { kind: 'event', category: ['iam'], type: ['group', 'change'] }, cef: { signature_id: 'group.member_add', name: 'Group member added' } }),
  defineEventType({ action: 'group.member_remove', category: 'GROUP_MANAGEMENT', payload: MembershipPayloadSchema, ocsf: { class: 'group_management', activity_id: 4 }, ecs: { kind: 'event', category: ['iam'], type: ['group', 'change'] }, cef: { signature_id: 'group.member_remove', name: 'Group member removed' } }),
  // ACCESS_MANAGEMENT -> 3005 User Access Management (the resource is the user whose access changes)
  defineEventType({ action: 'role.assign', category: 'ACCESS_MANAGEMENT', payload: AccessPayloadSchema, ocsf: { class: 'user_access', activity_id: 1 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'role.assign', name: 'Role assigned' } }),
  defineEventType({ action: 'role.revoke', category: 'ACCESS_MANAGEMENT', payload: AccessPayloadSchema, ocsf: { class: 'user_access', activity_id: 2 }, ecs: { ...iamUser, type: ['user', 'change'] }, cef: { signature_id: 'role.revoke', name: 'Role revoked' } }),
  // FILE_ACCESS -> 6006 File Hosting Activity (the resource is the file or folder)
  defineEventType({ action: 'file.upload', category: 'FILE_ACCESS', payload: FilePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 1 }, ecs: { ...file, type: ['creation'] }, cef: { signature_id: 'file.upload', name: 'File uploaded' } }),
  defineEventType({ action: 'file.download', category: 'FILE_ACCESS', payload: FilePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 2 }, ecs: { ...file, type: ['access'] }, cef: { signature_id: 'file.download', name: 'File downloaded' } }),
  defineEventType({ action: 'file.delete', category: 'FILE_ACCESS', payload: FilePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 4 }, ecs: { ...file, type: ['deletion'] }, cef: { signature_id: 'file.delete', name: 'File deleted' } }),
  defineEventType({ action: 'file.share', category: 'FILE_ACCESS', payload: SharePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 12 }, ecs: { ...file, type: ['change'] }, cef: { signature_id: 'file.share', name: 'File shared' } }),
  defineEventType({ action: 'file.unshare', category: 'FILE_ACCESS', payload: SharePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 13 }, ecs: { ...file, type: ['change'] }, cef: { signature_id: 'file.unshare', name: 'File unshared' } }),
  defineEventType({ action: 'file.preview', category: 'FILE_ACCESS', payload: FilePayloadSchema, ocsf: { class: 'file_hosting', activity_id: 9 }, ecs: { ...file, type: ['access'] }, cef: { signature_id: 'file.preview', name: 'File previewed' } }),
  defineEventType({ action: 'file.rename', category: 'FILE_ACCESS', payload: FileRelocationPayloadSchema, ocsf: { class: 'file_hosting', activity_id: 5 }, ecs: { ...file, type: ['change'] }, cef: { signature_id: 'file.rename', name: 'File renamed' } }),
  defineEventType({ action: 'file.move', category: 'FILE_ACCESS', payload: FileRelocationPayloadSchema, ocsf: { class: 'file_hosting', activity_id: 7 }, ecs: { ...file, type: ['change'] }, cef: { signature_id: 'file.move', name: 'File moved' } }),
  defineEventType({ action: 'link.create_external', category: 'FILE_ACCESS', payload: ExternalLinkPayloadSchema, ocsf: { class: 'file_hosting', activity_id: 12 }, ecs: { ...file, type: ['change'] }, cef: { signature_id: 'link.create_external', name: 'External link created' } }),
  // API_ACTIVITY -> 6003 API Activity
  defineEventType({ action: 'api.request', category: 'API_ACTIVITY', payload: ApiRequestPayloadSchema, ocsf: { class: 'api_activity', activity_id: 99, activity_name: 'Request' }, ecs: { kind: 'event', category: ['api'], type: ['access'] }, cef: { signature_id: 'api.request', name: 'API request' } }),
  // CONFIGURATION -> 3004 Entity Management (the resource is the setting or entity changed)
  defineEventType({ action: 'settings.update', category: 'CONFIGURATION', payload: SettingsPayloadSchema, ocsf: { class: 'entity_management', activity_id: 3 }, ecs: { kind: 'event', category: ['configuration'], type: ['change'] }, cef: { signature_id: 'settings.update', name: 'Settings updated' } }),
  defineEventType({ action: 'certificate.issue', category: 'CONFIGURATION', payload: CertificatePayloadSchema, ocsf: { class: 'entity_management', activity_id: 1 }, ecs: { kind: 'event', category: ['configuration'], type: ['creation'] }, cef: { signature_id: 'certificate.issue', name: 'Certificate issued' } }),
  defineEventType({ action: 'certificate.renew', category: 'CONFIGURATION', payload: CertificatePayloadSchema, ocsf: { class: 'entity_management', activity_id: 3 }, ecs: { kind: 'event', category: ['configuration'], type: ['change'] }, cef: { signature_id: 'certificate.renew', name: 'Certificate renewed' } }),
  defineEventType({ action: 'certificate.revoke', category: 'CONFIGURATION', payload: CertificatePayloadSchema, ocsf: { class: 'entity_management', activity_id: 4 }, ecs: { kind: 'event', category: ['configuration'], type: ['deletion'] }, cef: { signature_id: 'certificate.revoke', name: 'Certificate revoked' } }),
  // SECURITY -> 2004 Detection Finding
  defineEventType({ action: 'dlp.block', category: 'SECURITY', payload: DlpPayloadSchema, ocsf: { class: 'detection_finding', activity_id: 1 }, ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['denied'] }, cef: { signature_id: 'dlp.block', name: 'DLP blocked' } }),
  defineEventType({ action: 'dlp.redact', category: 'SECURITY', payload: DlpPayloadSchema, ocsf: { class: 'detection_finding', activity_id: 1 }, ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['allowed'] }, cef: { signature_id: 'dlp.redact', name: 'DLP redacted' } }),
  defineEventType({ action: 'permission.denied', category: 'SECURITY', payload: PermissionDeniedPayloadSchema, ocsf: { class: 'detection_finding', activity_id: 1 }, ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['denied'] }, cef: { signature_id: 'permission.denied', name: 'Permission denied' } }),
  defineEventType({ action: 'siem.delivery.dropped', category: 'SECURITY', payload: DeliveryDroppedPayloadSchema, ocsf: { class: 'detection_finding', activity_id: 1 }, ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['info'] }, cef: { signature_id: 'siem.delivery.dropped', name: 'SIEM delivery dropped events' } }),
] as const;
