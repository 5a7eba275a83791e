import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';

/** A JSON error body: `{ error: { code, message, field? } }`. */
export function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/**
 * Validate a JSON body with a zod schema; a 400 names the first offending field.
 * @example app.post('/api/reviews', jsonBody(createReviewInput), (c) => c.req.valid('json'))
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return validator('json', (value, c: Context) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid request body';
    return c.json(errorBody('invalid_request', message, field || undefined), 400);
  });
}
