/**
 * The replies of the prompt endpoints (`/prompt`, `/cancel-prompt`, `/respond`), from a
 * read body: validated, handed to the {@link PromptDesk}, framework-free like the rest of
 * the API. Error messages name the field; none repeats an answer (they carry personal data).
 */
import { CancelPromptBody, RespondBody, validate, validatePrompt } from '../../protocol/index.js';
import { notOpenMessage, type PromptDesk } from '../prompt-desk.js';
import { BudgetError } from '../state-budget.js';

export type PromptAction = 'prompt' | 'cancel-prompt' | 'respond';
export const PROMPT_ACTIONS: ReadonlySet<string> = new Set<PromptAction>(['prompt', 'cancel-prompt', 'respond']);

export interface PromptReply {
  status: number;
  body: unknown;
}

const error = (status: number, code: string, message: string, field?: string): PromptReply => ({
  status,
  body: field === undefined ? { status: 'error', error: code, message } : { status: 'error', error: code, message, field },
});

export function promptReply(desk: PromptDesk, action: PromptAction, lane: string, body: unknown): PromptReply {
  switch (action) {
    case 'prompt': {
      const prompt = validatePrompt(body);
      if (!prompt.ok) return error(400, 'invalid_body', prompt.message, prompt.field);
      try {
        const clients = desk.ask(lane, prompt.value);
        return { status: 200, body: { status: 'success', prompt_id: prompt.value.prompt_id, clients } };
      } catch (cause) {
        // Too large, or no room in the lane's or the hub's budget: refused whole, the open prompt stays.
        if (cause instanceof BudgetError) return error(cause.status, cause.code, cause.message);
        throw cause;
      }
    }
    case 'cancel-prompt': {
      const cancel = validate(CancelPromptBody, body);
      if (!cancel.ok) return error(400, 'invalid_body', cancel.message, cancel.field);
      if (!desk.cancel(lane, cancel.value.prompt_id)) return error(409, 'prompt_not_open', notOpenMessage(cancel.value.prompt_id, lane));
      return { status: 200, body: { status: 'success' } };
    }
    case 'respond': {
      const answer = validate(RespondBody, body);
      if (!answer.ok) return error(400, 'invalid_body', answer.message, answer.field);
      const outcome = desk.respond(lane, answer.value.prompt_id, answer.value.value);
      return outcome.ok ? { status: 200, body: { status: 'success' } } : error(outcome.status, outcome.error, outcome.message, outcome.field);
    }
  }
}
