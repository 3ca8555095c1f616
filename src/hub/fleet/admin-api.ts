/**
 * The admin API's actions, once `HubApi.decide` has checked the admin token: list the
 * displays, assign a code to a lane, rename or move a display, revoke it, and send it a
 * command (identify, reload, a test bill). Also how its live stream describes a lane: its
 * bill and phase.
 */
import { isValidLaneId, type Command, type LaneInfo } from '../../protocol/index.js';
import { typicalBill } from '../../scenarios/samples.js';
import type { AdminAction, Reply } from '../api/hub-api.js';
import { apiError } from '../api/hub-api.js';
import type { Hub } from '../hub.js';
import type { BodyResult } from '../api/json-body.js';
import type { DisplayRegistry } from './registry.js';

/** Actions that read a JSON body. */
export const ADMIN_ACTIONS_WITH_BODY = new Set<AdminAction>(['assign', 'update', 'identify']);
const NAME_MAX = 80;

const ok = (body: object): Reply => ({ status: 200, body: { status: 'ok', ...body } });
const invalid = (message: string, field: string): Reply => ({ status: 400, body: apiError('invalid_body', message, field) });
const notFound = (what: string): Reply => ({ status: 404, body: apiError('not_found', what) });

/** `{lane, name}` as the admin sends them; either may be required. */
function pairingFields(value: unknown, required: boolean): { lane?: string; name?: string } | Reply {
  const body = (value ?? {}) as { lane?: unknown; name?: unknown };
  if (typeof body !== 'object' || Array.isArray(body)) return invalid('expected a JSON object', 'body');
  const { lane, name } = body;
  if ((required || lane !== undefined) && (typeof lane !== 'string' || !isValidLaneId(lane))) return invalid('lane: expected 1-64 letters, digits, ".", "_" or "-"', 'lane');
  if (name !== undefined && (typeof name !== 'string' || name.length > NAME_MAX)) return invalid(`name: expected text of at most ${NAME_MAX} characters`, 'name');
  if (!required && lane === undefined && name === undefined) return invalid('expected lane and/or name', 'body');
  return { lane: lane as string | undefined, name: (name as string | undefined)?.trim() };
}

export class AdminApi {
  constructor(
    private readonly hub: Hub,
    private readonly registry: DisplayRegistry,
  ) {}

  async run(action: AdminAction, target: string | null, body: BodyResult | null): Promise<Reply> {
    if (body && !body.ok) return { status: body.status, body: apiError(body.error, body.message), closeConnection: body.status === 413 };
    const value = body?.ok ? body.value : undefined;
    switch (action) {
      case 'list':
        return ok({ displays: await this.registry.list() });
      case 'assign':
        return this.assign(target!, value);
      case 'update':
        return this.update(target!, value);
      case 'revoke':
        return (await this.registry.revoke(target!)) ? ok({ revoked: target }) : notFound(`no paired display ${target}`);
      case 'identify':
      case 'reload':
        return this.command(action, target!, value);
      case 'test-bill':
        return this.testBill(target!);
      default:
        return notFound(`no admin action ${action}`);
    }
  }

  /**
   * A lane as the admin page shows it (its live stream: `admin-feed.ts`), from one lookup:
   * never a listing of every lane. Undefined: not in use here.
   */
  laneInfo(lane: string): LaneInfo | undefined {
    const summary = this.hub.laneSummary(lane);
    if (!summary) return undefined;
    const state = this.hub.state(lane);
    const phase = state.modal || state.payment?.status === 'pending' ? 'payment' : state.bill ? 'bill' : 'idle';
    const billNumber = state.bill?.bill_number;
    return {
      lane,
      clients: summary.clients,
      phase,
      bill_number: billNumber === undefined || billNumber === null ? null : String(billNumber),
      total: state.bill?.total ?? null,
      payment_status: state.payment?.status ?? null,
    };
  }

  private async assign(code: string, value: unknown): Promise<Reply> {
    const fields = pairingFields(value, true);
    if ('status' in fields) return fields;
    const pairing = await this.registry.assign(code, fields.lane!, fields.name || code.toUpperCase());
    if (!pairing) return notFound(`no display shows the code ${code}`);
    return ok({ display: { id: pairing.id, lane: pairing.lane, name: pairing.name } });
  }

  private async update(id: string, value: unknown): Promise<Reply> {
    const fields = pairingFields(value, false);
    if ('status' in fields) return fields;
    const changes = Object.fromEntries(Object.entries(fields).filter(([, field]) => field !== undefined));
    const pairing = await this.registry.update(id, changes);
    return pairing ? ok({ display: { id, lane: pairing.lane, name: pairing.name } }) : notFound(`no paired display ${id}`);
  }

  private async command(command: 'identify' | 'reload', id: string, value: unknown): Promise<Reply> {
    const asked = Number((value as { number?: unknown } | undefined)?.number);
    const data = command === 'identify' ? { number: Number.isInteger(asked) && asked > 0 && asked < 1000 ? asked : 1, ms: 5000 } : {};
    return (await this.registry.command(id, command, data)) ? ok({ sent: command }) : notFound(`no paired display ${id}`);
  }

  /** A sample bill on the display's lane (what its screen shows, every screen of the lane too). */
  private async testBill(id: string): Promise<Reply> {
    const lane = this.registry.laneOf(id);
    if (!lane) return notFound(`no paired display ${id}`);
    const bill = { ...typicalBill, bill_number: `TEST-${new Date().toISOString().slice(11, 19)}` };
    const outcome = await this.hub.publish(lane, { command: 'update-bill', body: bill } as Command);
    return ok({ lane, event_id: outcome.eventId });
  }
}
