/** Types for glossy 0.1.7 (dev dependency, a peer in bench/formats.bench.ts; it ships none), as far as the benchmark uses it. */
declare module 'glossy' {
  interface ProduceOptions {
    facility?: string;
    severity?: string;
    host?: string;
    appName?: string;
    pid?: string;
    msgID?: string;
    date?: Date;
    structuredData?: Record<string, Record<string, string>>;
    message?: string;
  }
  export class Produce {
    constructor(options?: { type?: string; facility?: string; host?: string; appName?: string });
    produce(options: ProduceOptions): string | false;
  }
}
