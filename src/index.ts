/**
 * siemkit: typed security audit events.
 *
 * The public API, re-exported from the layers (see docs/architecture.md).
 */
// The canonical event contract (DESIGN.md §2) and its payloads
export * from '../schemas/canonical/index.js';
// Event types and registries
export type { CefMapping, EcsMapping, EventMapping, EventType, EventTypeSpec, OcsfMapping, PayloadOf } from './registry/event-type.js';
export { defineEventType } from './registry/event-type.js';
export type { EventTypeRegistry } from './registry/registry.js';
export { BUILT_IN_REGISTRY, createRegistry } from './registry/registry.js';
export { BUILT_IN_EVENT_TYPES } from './registry/built-in.js';
export { CATEGORY_DEFAULTS, categoryMapping } from './registry/category-defaults.js';
export type { BuiltInAction, EventInput } from './registry/create-event.js';
export { createEvent, createEventIn, newEventId } from './registry/create-event.js';
// Validation
export type { Finding, ValidationResult } from './validate/finding.js';
export type { CanonicalValidateOptions } from './validate/canonical.js';
export { validateEvent } from './validate/canonical.js';
export type { OcsfValidateOptions } from './validate/ocsf.js';
export { validateOcsf } from './validate/ocsf.js';
export * from './validate/ecs.js';
// OCSF 1.1.0: types (as `Ocsf.Authentication<'cloud'>`, beside the canonical `Actor`...), schema browsing, builders
export type * as Ocsf from '../generated/ocsf/1.1.0/types/index.js';
export type { OcsfClassByName, OcsfClassByUid, OcsfClassName, OcsfClassUid, OcsfEvent, OcsfProfile } from '../generated/ocsf/1.1.0/types/index.js';
export { OCSF_VERSION } from '../generated/ocsf/1.1.0/version.js';
export type { OcsfAttribute, OcsfClass, OcsfObject, OcsfSchema } from './ocsf/schema.js';
export { findOcsfClass, ocsfClasses, ocsfSchema } from './ocsf/schema.js';
export type { OcsfBuildInput } from './ocsf/builder.js';
export { buildOcsfEvent, buildOcsfRecord, DERIVED_ATTRIBUTES, OcsfBuildError } from './ocsf/builder.js';
// Mappers: canonical <-> OCSF 1.1.0 and ECS 9.4
export { MappingError } from './mappers/errors.js';
export type { ProductIdentity } from './mappers/product.js';
export type { FromOcsfOptions, OcsfProduct, ToOcsfOptions } from './mappers/ocsf/index.js';
export { fromOcsf, toOcsf } from './mappers/ocsf/index.js';
export type { FromEcsOptions, ToEcsOptions } from './mappers/ecs/index.js';
export { fromEcs, SIEMKIT_FIELD_SET, toEcs } from './mappers/ecs/index.js';
// Wire formats: the typed parse error and the record formats a destination can write
export type { ParseResult, WireFormatName } from './formats/parse-error.js';
export { ParseError } from './formats/parse-error.js';
export type { RecordFormat, RecordFormatName, RecordFormatOptions } from './formats/record-format.js';
export type { RecordEncoder } from './formats/record-encoder.js';
export { RECORD_FORMAT_NAMES, RECORD_FORMATS, recordFormat } from './formats/record-format.js';
// CEF, LEEF 2.0, RFC 5424 and RFC 3164 syslog: pure encoders, strict parsers, RFC 6587 framing
export * from './formats/cef/index.js';
export * from './formats/leef/index.js';
export * from './formats/syslog/index.js';
export * from './formats/framing/index.js';
// Destinations: the registry, the interface the runtime calls, the classified errors, the built-in types
export type { Batch, BatchLimits, Destination } from './destinations/destination.js';
export type { DestinationContext } from './destinations/context.js';
export type { DestinationType } from './destinations/registry.js';
export { DESTINATION_TYPES, destinationType } from './destinations/registry.js';
export type { FailureStatus, RejectedItem } from './destinations/errors.js';
export { PermanentError, RetryItems, ThrottleError } from './destinations/errors.js';
export { createHttpDestination } from './destinations/http/index.js';
export { createFileDestination } from './destinations/file/index.js';
export { createNullDestination } from './destinations/null/index.js';
export { createElasticDestination } from './destinations/elastic/index.js';
export { createSumoDestination } from './destinations/sumo/index.js';
export { createNewRelicDestination } from './destinations/newrelic/index.js';
export { createXsiamDestination } from './destinations/xsiam/index.js';
export { createSentinelDestination } from './destinations/sentinel/index.js';
export { createDatadogDestination } from './destinations/datadog/index.js';
export { createSyslogDestination } from './destinations/syslog/index.js';
export { createSplunkHecDestination } from './destinations/splunk-hec/index.js';
// The delivery runtime (DESIGN.md §5): configuration contract v1, the forwarder, dead letters, health, inputs
export type { DestinationConfig, ForwarderConfig, LoadOptions } from './delivery/config/load.js';
export { ConfigError, loadConfigFile, parseConfig } from './delivery/config/load.js';
export type { FlushResult, Forwarder, ForwarderHealth, ForwarderOptions, TestResult } from './delivery/forwarder.js';
export { createForwarder, EventsRejectedError } from './delivery/forwarder.js';
export type { ThreadedForwarderOptions } from './delivery/threaded-forwarder.js';
export { createThreadedForwarder } from './delivery/threaded-forwarder.js';
export type { ReplayOptions, ReplayResult } from './delivery/replay.js';
export { replayDeadLetters } from './delivery/replay.js';
// Scale-out on NATS JetStream (docs/jetstream.md): the producer's publisher and the stream setup
export type { Publisher, PublisherOptions, PublishResult, SetupResult } from './delivery/jetstream/index.js';
export { createPublisher, setupJetStream } from './delivery/jetstream/index.js';
export type { DeadLetterLine, DeadLetterRecord, DeadLetterSummary } from './delivery/dead-letter.js';
export { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from './delivery/dead-letter.js';
export type { DestinationHealthSnapshot, DestinationState } from './delivery/health.js';
export type { FilterSpec } from './delivery/filter.js';
export { compileFilter } from './delivery/filter.js';
export type { RetrySettings } from './delivery/retry-policy.js';
export { RetryPolicy } from './delivery/retry-policy.js';
export * from './delivery/queue/index.js';
export * from './delivery/inputs/index.js';
export type { SecretRef } from './delivery/secrets/secret-ref.js';
export { isSecretRef, resolveSecretRef, SecretRefError } from './delivery/secrets/secret-ref.js';
export { Redactor } from './destinations/transport/redactor.js';
// Sentinel pre-flight lint: rows against a DCR stream declaration (what Azure Monitor would drop or alter)
export type { DcrLintCode, DcrLintFinding, DcrLintOptions, DcrStream, StreamColumn, StreamColumnType, StreamDeclaration } from './destinations/sentinel/dcr-lint.js';
export { DCR_LINT_CODES, dcrStreams, lintRecord, lintRecords, RESERVED_COLUMN_NAMES, STREAM_COLUMN_TYPES, transformRemovals } from './destinations/sentinel/dcr-lint.js';
// Samples and SIEM setup files (issue 7): sample events, Sentinel table/DCR/README, Splunk, Elastic, Datadog and Sumo Logic files, starter queries
export type { SampleEventOptions } from './samples/events.js';
export { DEFAULT_SAMPLE_NOW, sampleEvents } from './samples/events.js';
export type { SampleFormat } from './samples/records.js';
export { SAMPLE_FORMATS, sampleRecords } from './samples/records.js';
export type { LayoutOptions, NestedMode, SentinelLayout, SentinelSampleOptions, TableColumn, TableColumnType } from './samples/sentinel/index.js';
export { dcrTemplate, sentinelFiles, sentinelLayout, sentinelRows, tableDocument, transformKql } from './samples/sentinel/index.js';
export type { RenderedQuery, StarterQuery } from './samples/queries/starter.js';
export { STARTER_QUERIES } from './samples/queries/starter.js';
export { renderDatadog, renderEsql, renderKql, renderSpl, renderSumo } from './samples/queries/render.js';
export type { SampleFiles, SampleTargetOptions } from './samples/files.js';
export type { SampleTarget, SampleTargetName } from './samples/targets.js';
export { SAMPLE_TARGETS, sampleTarget } from './samples/targets.js';
export { dashboardXml, hecEnvelopes, propsConf, splunkFiles } from './samples/splunk/index.js';
export type { EsMappings, EsProperty, IndexTemplate } from './samples/elastic/index.js';
export { bulkItems, elasticFiles, esMappings, indexTemplate, ingestPipeline } from './samples/elastic/index.js';
export type { Facet } from './samples/datadog/index.js';
export { datadogEntries, datadogFacets, datadogFiles } from './samples/datadog/index.js';
export type { SumoFieldList } from './samples/sumo/index.js';
export { sumoFieldList, sumoFiles, sumoMessages } from './samples/sumo/index.js';
