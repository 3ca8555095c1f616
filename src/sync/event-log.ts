/**
 * The last events a display received (and rejected), newest first, for the debug overlay
 * of `<display-status>`: the original's debug panel, without overriding console.log.
 */
import { createContext } from '@lit/context';
import type { DisplayEvent } from '../protocol/index.js';

export const EVENT_LOG_SIZE = 50;

export interface LoggedEvent {
  /** Increasing number, a stable key for lists. */
  seq: number;
  /** When it arrived, ms since the epoch. */
  at: number;
  /** SSE event name, or `status` for connection changes. */
  event: string;
  id: string | null;
  /** One line about its content. */
  summary: string;
  /** Why it was rejected, when it was. */
  error?: string;
}

export const eventLogContext = createContext<readonly LoggedEvent[]>(Symbol.for('pos-customer-display:event-log'));

export function summarize(message: DisplayEvent): string {
  switch (message.event) {
    case 'bill-update':
      return `${message.data.bill_number ?? message.data.bill_id} · ${message.data.items.length} items · total ${message.data.total}`;
    case 'modal-show':
      return `${message.data.modal_type ?? 'modal'}${message.data.html ? ' (html)' : ''}`;
    case 'modal-hide':
      return message.data.modal_type ?? '';
    case 'payment-update':
      return `${message.data.method} ${message.data.status} ${message.data.amount_due}`;
    case 'clear':
      return message.data.reason;
    case 'connected':
      return message.data.mode ?? 'original bridge';
    case 'ping':
      return '';
    case 'prompt-show':
      return `${message.data.kind} ${message.data.prompt_id}`;
    case 'prompt-close':
      // Never the answer: it may carry personal data.
      return `${message.data.prompt_id} ${message.data.reason ?? ''}`.trim();
  }
}

export function appendToLog(log: readonly LoggedEvent[], entry: Omit<LoggedEvent, 'seq'>): readonly LoggedEvent[] {
  return [{ ...entry, seq: (log[0]?.seq ?? 0) + 1 }, ...log].slice(0, EVENT_LOG_SIZE);
}
