/**
 * The replies of the prompt endpoints (`/prompt`, `/cancel-prompt`, `/respond`), from a
 * read body: validated, handed to the {@link PromptDesk}, framework-free like the rest of
 * the API. Error messages name the field; none repeats an answer (they carry personal data).
 */
import { CancelPromptBody, RespondBody, validate, validatePrompt } from '../../protocol/index.js';
import { notOpenMessage, type PromptBoard } from '../prompt-desk.js';
import { BudgetError } from '../state-budget.js';
import { whenReady, type MaybePromise } from '../store/store.js';

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

/** Too large, or no room in the lane's or the hub's budget: refused whole, the open prompt stays. */
const budgetRefusal = (cause: unknown): PromptReply => {
  if (cause instanceof BudgetError) return error(cause.status, cause.code, cause.message);
  throw cause;
};

/**
 * The reply, at once from a desk in this process, once the store has answered from a
 * shared one. A shared desk that cannot reach its store rejects (the caller answers 503).
 */
export function promptReply(desk: PromptBoard, action: PromptAction, lane: string, body: unknown): MaybePromise<PromptReply> {
  switch (action) {
    case 'prompt': {
      const prompt = validatePrompt(body);
      if (!prompt.ok) return error(400, 'invalid_body', prompt.message, prompt.field);
      let asked;
      try {
        asked = desk.ask(lane, prompt.value);
      } catch (cause) {
        return budgetRefusal(cause);
      }
      const success = (clients: number): PromptReply => ({ status: 200, body: { status: 'success', prompt_id: prompt.value.prompt_id, clients } });
      return asked instanceof Promise ? asked.then(success, budgetRefusal) : success(asked);
    }
    case 'cancel-prompt': {
      const cancel = validate(CancelPromptBody, body);
      if (!cancel.ok) return error(400, 'invalid_body', cancel.message, cancel.field);
      return whenReady(desk.cancel(lane, cancel.value.prompt_id), (cancelled) =>
        cancelled ? { status: 200, body: { status: 'success' } } : error(409, 'prompt_not_open', notOpenMessage(cancel.value.prompt_id, lane)),
      );
    }
    case 'respond': {
      const answer = validate(RespondBody, body);
      if (!answer.ok) return error(400, 'invalid_body', answer.message, answer.field);
      return whenReady(desk.respond(lane, answer.value.prompt_id, answer.value.value), (outcome) =>
        outcome.ok ? { status: 200, body: { status: 'success' } } : error(outcome.status, outcome.error, outcome.message, outcome.field),
      );
    }
  }
}
