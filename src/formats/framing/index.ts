export { frameBatch } from './batch.js';
export type { FramedBatch, StreamFraming } from './batch.js';
export { fitDatagram, DEFAULT_DATAGRAM_BYTES } from './datagram.js';
export type { FittedDatagram } from './datagram.js';
export { DEFAULT_MAX_MESSAGE_BYTES } from './deframer.js';
export type { Deframer, DeframerOptions } from './deframer.js';
export { frameLf, LfDeframer } from './lf.js';
export { frameOctetCounting, OctetCountingDeframer } from './octet-counting.js';
