export { type JetStreamConnection, type JetStreamConnectOptions, connectJetStream } from './connection.js';
export { type Publisher, type PublisherOptions, type PublishResult, createPublisher, DEFAULT_SUBJECT_PREFIX } from './publisher.js';
export { type ConsumerTarget, type SetupAction, type SetupResult, consumerConfig, setupJetStream, streamConfig } from './setup.js';
export { consumerFilterSubject, consumerName, tenantSubject, tenantToken } from './names.js';
export { type ConsumerStats, type JetStreamQueue, type JetStreamQueueOptions, openJetStreamQueue } from './jetstream-queue.js';
