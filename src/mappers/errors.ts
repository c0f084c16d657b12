/**
 * `MappingError`: an event cannot be mapped, by any mapper. From a `from*` mapper, the record lacks
 * what a canonical field needs; from a `to*` mapper, the event's type names a target this mapper
 * does not serve. `path` is a JSON Pointer (RFC 6901) to the field in question, in the input's
 * shape (`/metadata/uid`, `/event/id`, `''` for the whole record); `reason` says why in one
 * sentence. One class for every mapper, so callers catch and report them alike.
 */
export class MappingError extends Error {
  override readonly name = 'MappingError';

  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}
