/**
 * Turns schema failures into one short message that names the field, for the hub's 400
 * replies and the display's `display-error` events alike.
 */
import type * as z from 'zod/mini';
import { COMMAND_SCHEMAS, EVENT_SCHEMAS, type CommandBody, type CommandName, type EventData, type EventName } from './schemas.js';

export interface ValidationFailure {
  ok: false;
  /** Dotted path of the first offending field, e.g. `items.0.subtotal`; `(body)` for the whole body. */
  field: string;
  /** One line naming the field and what was wrong with it. */
  message: string;
}
export type Validated<T> = { ok: true; value: T } | ValidationFailure;

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue): string {
  // Our schemas set explicit messages where zod/mini's default ("Invalid input") says little.
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `has an invalid format`;
    default:
      return 'is invalid';
  }
}

function fieldPath(issue: Issue): string {
  return issue.path.length ? issue.path.map(String).join('.') : '(body)';
}

/** Validates `input` against `schema`, reporting the first issue with its field path. */
export function validate<S extends z.ZodMiniType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.infer<S> };
  return describeFailure(result.error.issues[0]!, input);
}

/** One schema issue as a failure naming its field (for callers that report every issue, not only the first). */
export function describeFailure(issue: Issue, input: unknown): ValidationFailure {
  const field = fieldPath(issue);
  // zod reports a missing field as a type error; say plainly that it is missing.
  const message = `${field}: ${isMissing(input, issue.path) ? 'is required' : describeIssue(issue)}`;
  return { ok: false, field, message };
}

function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in value)) return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

export function validateCommand<K extends CommandName>(command: K, body: unknown): Validated<CommandBody<K>> {
  return validate(COMMAND_SCHEMAS[command], body) as unknown as Validated<CommandBody<K>>;
}

export function validateEvent<K extends EventName>(event: K, data: unknown): Validated<EventData<K>> {
  return validate(EVENT_SCHEMAS[event], data) as unknown as Validated<EventData<K>>;
}
