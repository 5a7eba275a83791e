import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { errorBody } from './validate.ts';

/**
 * Where JSON text first nests deeper than `limit` arrays/objects, or null. One pass over the
 * characters, strings skipped, no recursion: it costs as little as reading the body.
 */
export function jsonTooDeepAt(text: string, limit: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return null;
}

const jsonType = /^application\/([a-z-.]+\+)?json\s*(;|$)/i;

/**
 * Refuse JSON bodies nested deeper than `maxDepth` before anyone parses them (JSON.parse of
 * 400,000 nested arrays holds the event loop for a third of a second), signed in or not. The
 * text read here is cached, so routes parse it as usual.
 * @example app.use('/api/*', jsonDepthLimit({ maxDepth: 64 }))
 */
export function jsonDepthLimit({ maxDepth }: { maxDepth: number }): MiddlewareHandler {
  return createMiddleware(async function jsonDepthLimit(c, next) {
    if (jsonType.test(c.req.header('content-type') ?? '')) {
      const at = jsonTooDeepAt(await c.req.text(), maxDepth);
      if (at !== null) {
        return c.json(
          errorBody(
            'invalid_request',
            `request body: JSON nested deeper than ${maxDepth} levels (at character ${at + 1})`,
          ),
          400,
        );
      }
    }
    await next();
  });
}
