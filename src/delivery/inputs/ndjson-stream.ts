/**
 * Reads the records of `siemkit forward`'s inputs (stdin, a file, a followed file, an HTTP body)
 * from bytes as they arrive: NDJSON (one JSON value per line, https://github.com/ndjson/ndjson-spec)
 * or one JSON array whose elements are the records, told apart by the first byte that is not
 * blank (`[` starts an array). Both are read in a single pass without holding the input: a line,
 * or an element of the array, is held only until it ends.
 *
 * Bad input costs only its own record: a line that is not JSON, not UTF-8 (RFC 8259 §8.1) or
 * longer than `maxRecordBytes` is yielded as that record's error and reading goes on with the next
 * one; a long line is skipped, not held. The reader takes CRLF and LF endings, a last line without
 * an ending, a UTF-8 byte-order mark at the start (RFC 8259 §8.1 lets a parser ignore it), blank
 * lines (skipped, not counted), and chunks that split a line or a multi-byte character anywhere
 * (lines are split on the byte 0x0A, which no multi-byte UTF-8 sequence contains, and decoded whole).
 *
 * Records are numbered from 1 in input order, the number the CLI prints as `event N`. Each also
 * says where it ends in the input (`end`, a byte offset just past its line ending), which a
 * followed file saves to resume from (file-follow.ts).
 */
import { isUtf8 } from 'node:buffer';

/** Why a record could not be read. `path` is the JSON pointer of the whole record: ''. */
export interface RecordError {
  readonly code: 'json_invalid' | 'utf8_invalid' | 'record_too_large';
  readonly path: '';
  readonly message: string;
}

/** One record of the input: its 1-based number, where it ends, and its value or why it has none. */
export type InputRecord =
  | { readonly index: number; readonly end: number; readonly value: unknown; readonly error?: undefined }
  | { readonly index: number; readonly end: number; readonly value?: undefined; readonly error: RecordError };

/**
 * `auto`: a JSON array when the first byte that is not blank is `[`, NDJSON otherwise.
 * `ndjson`: lines only (a followed file, which can be resumed at any line).
 * `json`: one JSON document: an array (its elements are the records) or one record (a body sent
 * as `application/json`, which may span lines).
 */
export type InputFormat = 'auto' | 'ndjson' | 'json';

export interface NdjsonReadOptions {
  /** The longest record, in bytes: a line without its ending, or an element of an array. */
  readonly maxRecordBytes?: number;
  readonly format?: InputFormat;
}

/** 1 MiB: ample for an audit event (a canonical event's largest fields are a few KB). */
export const DEFAULT_MAX_RECORD_BYTES = 1_048_576;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB || byte === LF || byte === CR;
}

/** Where the decoder is: finding the format, or in one of the three ways of reading. */
type Mode = 'start' | 'lines' | 'array' | 'after-array' | 'document' | 'trailing';

/**
 * The reader as a push decoder, like `TextDecoder`: `write(chunk)` returns the records the chunk
 * completed, `end()` the last ones. `readNdjson` drives it from a stream; the HTTP input, which
 * has the whole body, calls it once.
 */
export class NdjsonDecoder {
  readonly #max: number;
  readonly #format: InputFormat;
  #mode: Mode = 'start';
  /** Bytes of the input consumed before the current chunk. */
  #offset = 0;
  /** Records numbered so far. */
  #index = 0;
  /** The first bytes, held while they could be the start of a byte-order mark. */
  #head: Buffer = Buffer.alloc(0);
  #bomChecked = false;
  /** The parts of the record being read, and their length. */
  #parts: Buffer[] = [];
  #held = 0;
  /** The record being read is over the limit: its bytes are dropped until it ends. */
  #tooLarge = false;
  // Array scanning state.
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The current element has a byte that is not blank. */
  #content = false;
  /** The current array has had a `,` (so `]` after nothing is a trailing comma, not `[]`). */
  #sawComma = false;

  constructor(options: NdjsonReadOptions = {}) {
    this.#max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#format = options.format ?? 'auto';
  }

  /** The records `chunk` completes, in order. */
  write(chunk: Uint8Array): InputRecord[] {
    const out: InputRecord[] = [];
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#mode === 'start') {
      const started = this.#start(buf);
      if (started === undefined) return out;
      buf = started;
    }
    this.#feed(buf, out);
    this.#offset += buf.length;
    return out;
  }

  /** The records left when the input ends: a last line without an ending, or an unclosed array's error. */
  end(): InputRecord[] {
    const out: InputRecord[] = [];
    if (this.#mode === 'start' && this.#head.length > 0) {
      // One or two bytes that began like a BOM and the input ended: they are a (bad) record.
      const rest = this.#head;
      this.#head = Buffer.alloc(0);
      this.#mode = this.#format === 'json' ? 'document' : 'lines';
      this.#feed(rest, out);
      this.#offset += rest.length;
    }
    switch (this.#mode) {
      case 'lines':
        if (this.#tooLarge || this.#held > 0) this.#line(Buffer.alloc(0), this.#offset, out);
        break;
      case 'array':
        this.#parts = [];
        this.#held = 0;
        this.#tooLarge = false;
        this.#fail(out, this.#offset, 'json_invalid', 'unexpected end of input: the JSON array is not closed');
        break;
      case 'document':
        this.#document(out);
        break;
      default:
        break;
    }
    this.#mode = 'trailing';
    return out;
  }

  /**
   * Drops a byte-order mark and blanks at the start, then picks the mode from the first other
   * byte. Returns the bytes to read in that mode, or undefined while there is none yet.
   */
  #start(chunk: Buffer): Buffer | undefined {
    let buf = chunk;
    if (!this.#bomChecked) {
      buf = this.#head.length === 0 ? chunk : Buffer.concat([this.#head, chunk]);
      // The BOM may itself be split across chunks: hold up to three bytes while they could be one.
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        this.#head = buf;
        return undefined;
      }
      this.#head = Buffer.alloc(0);
      this.#bomChecked = true;
      if (buf.subarray(0, BOM.length).equals(BOM)) {
        this.#offset += BOM.length;
        buf = buf.subarray(BOM.length);
      }
    }
    let i = 0;
    while (i < buf.length && isBlank(buf[i] as number)) i++;
    this.#offset += i;
    if (i === buf.length) return undefined;
    if (this.#format !== 'ndjson' && buf[i] === OPEN_BRACKET) {
      this.#mode = 'array';
      this.#openArray();
      this.#offset += 1;
      return buf.subarray(i + 1);
    }
    this.#mode = this.#format === 'json' ? 'document' : 'lines';
    return buf.subarray(i);
  }

  #feed(buf: Buffer, out: InputRecord[]): void {
    switch (this.#mode) {
      case 'lines':
        this.#lines(buf, out);
        break;
      case 'array':
      case 'after-array':
        this.#array(buf, out);
        break;
      case 'document':
        this.#hold(buf);
        break;
      default:
        break;
    }
  }

  // ----- NDJSON -----

  #lines(buf: Buffer, out: InputRecord[]): void {
    let from = 0;
    for (let lf = buf.indexOf(LF, from); lf !== -1; lf = buf.indexOf(LF, from)) {
      this.#line(buf.subarray(from, lf), this.#offset + lf + 1, out);
      from = lf + 1;
    }
    if (from < buf.length) this.#hold(buf.subarray(from));
  }

  /** One line has ended (`piece` is its last part, `end` the offset after its LF). */
  #line(piece: Buffer, end: number, out: InputRecord[]): void {
    if (this.#tooLarge) {
      this.#tooLarge = false;
      this.#fail(out, end, 'record_too_large', `the line is longer than ${this.#max} bytes`);
      return;
    }
    let line = this.#held === 0 ? piece : Buffer.concat([...this.#parts, piece]);
    this.#parts = [];
    this.#held = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    let blank = true;
    for (let i = 0; i < line.length && blank; i++) blank = isBlank(line[i] as number);
    if (blank) return;
    if (line.length > this.#max) {
      this.#fail(out, end, 'record_too_large', `the line is longer than ${this.#max} bytes`);
      return;
    }
    this.#parse(line, end, out);
  }

  /** Keeps the bytes of an unfinished record, or drops them once it is too large. */
  #hold(bytes: Buffer): void {
    if (this.#tooLarge || bytes.length === 0) return;
    this.#held += bytes.length;
    // The limit excludes the line ending: allow one byte more for a CR still to come.
    if (this.#held > this.#max + 1) {
      this.#tooLarge = true;
      this.#parts = [];
      this.#held = 0;
      return;
    }
    // Copy: the caller may reuse its buffer (a file read into one buffer).
    this.#parts.push(Buffer.from(bytes));
  }

  // ----- one JSON array -----

  #openArray(): void {
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
    this.#content = false;
    this.#sawComma = false;
  }

  /** Scans `buf` for the ends of elements: a `,` or `]` outside strings, at the array's own depth. */
  #array(buf: Buffer, out: InputRecord[]): void {
    let start = 0;
    /** The next backslash at or after the scan (-1: none left in `buf`; -2: not looked for yet). */
    let nextBackslash = -2;
    for (let i = 0; i < buf.length; i++) {
      const byte = buf[i] as number;
      if (this.#mode === 'after-array') {
        if (isBlank(byte)) continue;
        if (byte === OPEN_BRACKET) {
          // Concatenated arrays (`[...][...]`, as some tools append batches) read as one.
          this.#mode = 'array';
          this.#openArray();
          start = i + 1;
          continue;
        }
        this.#mode = 'trailing';
        this.#fail(out, this.#offset + i, 'json_invalid', 'unexpected data after the JSON array');
        return;
      }
      if (this.#inString) {
        if (this.#escaped) {
          this.#escaped = false;
          continue;
        }
        // Jump to the string's end, or to the escape before it, with native searches: strings are
        // most of an event's bytes.
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = buf.indexOf(BACKSLASH, i);
        const quote = buf.indexOf(QUOTE, i);
        const stop = quote === -1 ? buf.length : quote;
        if (nextBackslash !== -1 && nextBackslash < stop) {
          i = nextBackslash;
          this.#escaped = true;
        } else if (quote === -1) i = buf.length;
        else {
          i = quote;
          this.#inString = false;
        }
        continue;
      }
      if (this.#depth === 0 && (byte === COMMA || byte === CLOSE_BRACKET)) {
        this.#element(buf.subarray(start, i), this.#offset + i + 1, byte === CLOSE_BRACKET, out);
        start = i + 1;
        if (byte === CLOSE_BRACKET) this.#mode = 'after-array';
        continue;
      }
      if (isBlank(byte)) continue;
      this.#content = true;
      if (byte === QUOTE) this.#inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.#depth++;
      else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && this.#depth > 0) this.#depth--;
    }
    if (this.#mode === 'array' && start < buf.length) this.#hold(buf.subarray(start));
  }

  /** An element has ended at a `,` or at the closing `]`. */
  #element(piece: Buffer, end: number, closing: boolean, out: InputRecord[]): void {
    const content = this.#content;
    const tooLarge = this.#tooLarge;
    const bytes = this.#held === 0 ? piece : Buffer.concat([...this.#parts, piece]);
    this.#parts = [];
    this.#held = 0;
    this.#tooLarge = false;
    this.#content = false;
    if (!content) {
      // `[]` and `[ ]` are empty arrays; `[,` `[1,,2]` and `[1,]` miss a value.
      if (closing && !this.#sawComma) return;
      this.#fail(out, end, 'json_invalid', closing ? 'a comma before ] (trailing comma)' : 'an empty element (expected a value before ,)');
      if (!closing) this.#sawComma = true;
      return;
    }
    if (!closing) this.#sawComma = true;
    if (tooLarge || bytes.length > this.#max) {
      this.#fail(out, end, 'record_too_large', `the element is longer than ${this.#max} bytes`);
      return;
    }
    this.#parse(bytes, end, out);
  }

  // ----- one JSON document -----

  #document(out: InputRecord[]): void {
    const tooLarge = this.#tooLarge;
    const bytes = Buffer.concat(this.#parts);
    this.#parts = [];
    this.#held = 0;
    if (tooLarge) {
      this.#fail(out, this.#offset, 'record_too_large', `the document is longer than ${this.#max} bytes`);
      return;
    }
    let blank = true;
    for (let i = 0; i < bytes.length && blank; i++) blank = isBlank(bytes[i] as number);
    if (!blank) this.#parse(bytes, this.#offset, out);
  }

  // ----- records -----

  #parse(bytes: Buffer, end: number, out: InputRecord[]): void {
    if (!isUtf8(bytes)) {
      this.#fail(out, end, 'utf8_invalid', 'not valid UTF-8');
      return;
    }
    const index = ++this.#index;
    try {
      out.push({ index, end, value: JSON.parse(bytes.toString('utf8')) as unknown });
    } catch (err) {
      out.push({ index, end, error: { code: 'json_invalid', path: '', message: `not valid JSON: ${(err as Error).message}` } });
    }
  }

  #fail(out: InputRecord[], end: number, code: RecordError['code'], message: string): void {
    out.push({ index: ++this.#index, end, error: { code, path: '', message } });
  }
}

/**
 * Yields the records of `input` (a Readable, or any iterable of byte or string chunks) as they
 * complete. A string chunk is taken as UTF-8 text.
 */
export async function* readNdjson(input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: NdjsonReadOptions = {}): AsyncGenerator<InputRecord> {
  const decoder = new NdjsonDecoder(options);
  for await (const chunk of input) {
    const records = decoder.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    for (const record of records) yield record;
  }
  for (const record of decoder.end()) yield record;
}
