/**
 * Browser-test side of `fake-stream-middleware.mjs`: a fresh scripted SSE stream per test,
 * and the original Flask bridge's exact frames.
 */

/** Exactly what the original Flask bridge writes (Python json.dumps spacing, no ids, no retry). */
export const SEED_CONNECTED = 'event: connected\ndata: {"status": "ok"}\n\n';
export const seedBill = (number: string, total = 27750) =>
  `event: bill-update\ndata: {"bill_id": "uuid", "bill_number": "${number}", "items": [{"id": "uuid", "name": "Nasi Goreng", "quantity": 1, "unit_price": 25000, "subtotal": 25000}], "subtotal": 25000, "tax": 2750, "discount": 0, "total": ${total}, "updated_at": 1707312000.123}\n\n`;

let channelCount = 0;

/** A fresh scripted stream for one test; `base` is the hub URL to give the display. */
export async function fakeStream(greeting = SEED_CONNECTED) {
  const name = `c${Date.now()}-${channelCount++}`;
  const base = `/fake/${name}`;
  const post = (action: string, body = '') => fetch(`${base}/${action}`, { method: 'POST', body });
  await post('greeting', greeting);
  return {
    base,
    push: (text: string) => post('push', text),
    drop: () => post('drop'),
    fail: (status: number) => post(`fail?status=${status}`),
    greeting: (text: string) => post('greeting', text),
    log: async () => (await (await fetch(`${base}/log`)).json()) as { requests: Array<{ url: string; lastEventId: string | null }>; open: number },
  };
}
