/**
 * Types for nsyslog-parser 0.10.1 (dev dependency; it ships none), as far as the conformance tests
 * read it: `parser(line, options)` returns the entry, or `{ err }` when it threw inside.
 * Read from node_modules/nsyslog-parser/parser.js.
 */
declare module 'nsyslog-parser' {
  namespace parse {
    interface Options {
      /** Parse a CEF message (default true). */
      cef?: boolean;
      /** Parse a LEEF message (default true). */
      leef?: boolean;
      /** Split `k=v,k=v` fields out of other messages (default true). */
      fields?: boolean;
      /** Split `app[pid]` (default true). */
      pid?: boolean;
      /** Use the current time when the line has no timestamp (default true). */
      generateTimestamp?: boolean;
    }

    /** One SD-ELEMENT: `$id` and the PARAM-VALUEs as nsyslog reads them. */
    type StructuredDataElement = { $id: string } & Record<string, string>;

    interface Entry {
      originalMessage: string;
      /** `<PRIVAL>` as written, or '' without one. */
      pri: string;
      prival: number;
      facilityval?: number;
      levelval?: number;
      facility?: string;
      level?: string;
      version?: number;
      type: 'RFC5424' | 'BSD' | 'CEF' | 'LEEF' | 'UNKNOWN';
      /** RFC 3164 timestamps are read in the local time zone of the current year. */
      ts?: Date;
      host?: string;
      appName?: string;
      pid?: string;
      messageid?: string;
      /** MSG, trimmed with String.prototype.trim (which removes a leading BOM). */
      message: string;
      /** Relay host names of `a/b/c` HOSTNAMEs. */
      chain: string[];
      structuredData?: StructuredDataElement[];
      header: string;
      cef?: Record<string, string>;
      leef?: Record<string, string>;
      fields?: Record<string, string> | string[];
    }
  }

  function parse(line: string, options?: parse.Options): parse.Entry | { err: unknown };
  export = parse;
}
