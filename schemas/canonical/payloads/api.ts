/** Payload of `api.request`. */
import { Type } from 'typebox';

export const ApiRequestPayloadSchema = Type.Object({
  /** HTTP method (`GET`, `POST`, ...). */
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  /** The API operation name, when the API has one (`files.list`). */
  operation: Type.Optional(Type.String()),
});
