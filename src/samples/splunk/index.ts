/**
 * The Splunk setup files (issue 7): `sample-hec.json` (one HEC request body, as the `splunk_hec`
 * destination sends it with its default settings), `props.conf` for the sourcetype,
 * `dashboard.xml` (the starter queries), `queries.json` and `README.md`. Pure: the CLI writes them.
 */
import { recordFormat } from '../../formats/record-format.js';
import { createEnvelopeEncoder, HEC_FRAMINGS } from '../../destinations/splunk-hec/encode.js';
import type { SampleFiles, SampleTargetOptions } from '../files.js';
import { json, sampleBatch } from '../files.js';
import { renderAll, renderSpl } from '../queries/render.js';
import { dashboardXml } from './dashboard.js';
import { propsConf, splunkSourcetype } from './props.js';
import { splunkReadme } from './readme.js';

export { dashboardXml } from './dashboard.js';
export { propsConf, splunkSourcetype } from './props.js';

export interface SplunkSampleOptions extends SampleTargetOptions {
  /** Default `siemkit:<format>`, the destination's. */
  readonly sourcetype?: string;
}

/** The HEC envelopes of the samples (one per event), as the destination's `event` target encodes them. */
export function hecEnvelopes(options: SplunkSampleOptions): string[] {
  const { events, records } = sampleBatch(options);
  const sourcetype = options.sourcetype ?? splunkSourcetype(options.format);
  const recordOf = new Map(events.map((e, i) => [e, records[i] as string]));
  const encode = createEnvelopeEncoder({ sourcetype, fields: {}, indexedFields: [] }, (e) => recordOf.get(e) as string, recordFormat(options.format)?.json === true);
  return events.map((e) => encode(e));
}

export function splunkFiles(options: SplunkSampleOptions): SampleFiles {
  const sourcetype = options.sourcetype ?? splunkSourcetype(options.format);
  const queries = renderAll((q) => renderSpl(options.format, sourcetype, q));
  const names = { sample: 'sample-hec.json', props: 'props.conf', dashboard: 'dashboard.xml' };
  return {
    files: {
      [names.sample]: HEC_FRAMINGS.event.frame(hecEnvelopes(options)).toString('utf8'),
      [names.props]: propsConf(options.format, sourcetype),
      [names.dashboard]: dashboardXml(`siemkit starter queries (${options.format})`, `Written by siemkit samples --for splunk. Sourcetype ${sourcetype}.`, queries),
      'queries.json': json(queries),
      'README.md': splunkReadme(options.format, sourcetype, queries, names),
    },
  };
}
