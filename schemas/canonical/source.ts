/** `source` (DESIGN.md §2): where the request came from. */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { TextSchema } from './strings.js';

/** ISO 3166-1 alpha-2; validation also checks the code is an assigned one. */
export const CountryCodeSchema = Type.String({ pattern: '^[A-Z]{2}$' });

export const GeoSchema = Type.Object(
  {
    country: Type.Optional(CountryCodeSchema),
    region: Type.Optional(TextSchema),
    city: Type.Optional(TextSchema),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);

export const SourceSchema = Type.Object(
  {
    /** IPv4 or IPv6. */
    ip: Type.Optional(Type.String({ anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    user_agent: Type.Optional(TextSchema),
    geo: Type.Optional(GeoSchema),
    /** The request came through a VPN, proxy or Tor. */
    is_anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Source = Static<typeof SourceSchema>;
