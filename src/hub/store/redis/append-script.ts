/**
 * The one Lua script that changes a lane in Redis, atomically: the optimistic `rev` check,
 * the state, the events, and the account that keeps what Redis holds bounded.
 *
 * Nothing of a lane lives forever: both its keys (state hash, event stream) get a TTL, set
 * again on each append, so a lane idle that long is gone by itself. Small fixed keys hold
 * the account, changed only here (so always together):
 *
 * - `lanes`: a sorted set of lanes by last append (ms, Redis's own clock, the same for every
 *   instance). A lane's score is the moment its keys' TTL was set, so a lane scored at or
 *   before now − TTL has expired (or is about to). Each append first prunes such lanes: their
 *   bytes leave the totals and their keys are deleted (in case Redis has not reaped them
 *   yet). Keys Redis expires on its own therefore never make the totals drift: they are
 *   counted a little longer, until the next append, which prunes before it checks anything.
 * - `lane-bytes` (hash: lane → its state's JSON bytes + what a lane costs Redis whatever its
 *   state) and `stored-bytes` (their sum): the state budget, over every instance. An append
 *   that would grow the sum past it is refused before anything is written; one that shrinks
 *   it (a clear) is always taken. The per-lane cost bounds the number of lanes too: at most
 *   budget ÷ cost, however small each lane's state.
 * - `lane-history` (hash: lane → bytes of event data in its stream), `history-bytes` (their
 *   sum) and `history-lanes` (lanes with events kept, by last append): replay history. A
 *   stream keeps at most `maxEvents` events and `laneHistoryBytes` bytes (oldest first,
 *   exactly, so their bytes are known; an append's own events always stay). Past the
 *   history budget, the least recently active lanes' streams are dropped whole, as the
 *   memory store does: their displays get a snapshot instead of a resume. History is never
 *   a reason to refuse a post.
 *
 * The per-lane keys are named from the prefix and the lane inside the script (the pruned
 * and evicted lanes are not the one appended to): fine on one Redis, not on Redis Cluster.
 */

/** The fixed keys of the account, after the lane's own (state, events, channel). */
export const ACCOUNT_KEYS = ['lanes', 'lane-bytes', 'stored-bytes', 'lane-history', 'history-bytes', 'history-lanes'] as const;

/** The script's fixed arguments, in order, before the slices and events. */
export interface AppendLimits {
  maxEvents: number;
  laneTtlMs: number;
  laneHistoryBytes: number;
  stateBudgetBytes: number;
  historyBudgetBytes: number;
  laneOverheadBytes: number;
}

/** How the script says no (a stream id never starts with '!'). */
export const REFUSED_BUDGET = '!budget';

/**
 * KEYS: state hash, event stream, the lane's channel, then {@link ACCOUNT_KEYS}.
 * ARGV: expected rev, then {@link AppendLimits} in order (6), lane key prefix, lane, slice
 * count, slice/value pairs ('' deletes), event/data pairs.
 * Returns the new ids; false (rev changed: read again); or {'!budget', bytes it would take}.
 */
export const APPEND_SCRIPT = `
local STATE, EVENTS, CHANNEL, LANES, LANE_BYTES, STORED, LANE_HISTORY, HISTORY, HISTORY_LANES = unpack(KEYS)
local maxEvents, ttl, laneHistory = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local stateBudget, historyBudget, overhead = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local prefix, lane, sliceCount = ARGV[8], ARGV[9], tonumber(ARGV[10])
local FIRST_SLICE = 11
local function number(value) return tonumber(value or '0') or 0 end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- Lanes idle past the TTL: out of the account (their keys expired, or do now).
for _, name in ipairs(redis.call('ZRANGEBYSCORE', LANES, '-inf', now - ttl, 'LIMIT', 0, 1000)) do
  redis.call('DECRBY', STORED, number(redis.call('HGET', LANE_BYTES, name)))
  redis.call('DECRBY', HISTORY, number(redis.call('HGET', LANE_HISTORY, name)))
  redis.call('HDEL', LANE_BYTES, name)
  redis.call('HDEL', LANE_HISTORY, name)
  redis.call('ZREM', LANES, name)
  redis.call('ZREM', HISTORY_LANES, name)
  redis.call('DEL', prefix .. name .. ':state', prefix .. name .. ':events')
end

if (redis.call('HGET', STATE, 'rev') or '') ~= ARGV[1] then return false end

-- The state budget: this lane's new size (a new lane: its cost too) against what every lane holds.
local i = FIRST_SLICE
local size = overhead
for _ = 1, sliceCount do
  size = size + #ARGV[i + 1]
  i = i + 2
end
local firstEvent = i
local delta = size - number(redis.call('HGET', LANE_BYTES, lane))
local stored = number(redis.call('GET', STORED))
if delta > 0 and stored + delta > stateBudget then return {'${REFUSED_BUDGET}', tostring(stored + delta)} end

-- The oldest events to drop so this lane's stream fits its bounds (the new ones stay).
local added, count = 0, 0
for j = firstEvent, #ARGV, 2 do
  added = added + #ARGV[j + 1]
  count = count + 1
end
local oldHistory = number(redis.call('HGET', LANE_HISTORY, lane))
local events = redis.call('XLEN', EVENTS) + count
local history = oldHistory + added
local function over() return (events > maxEvents or history > laneHistory) and events > count end
local lastDropped = nil
local from = '-'
while over() do
  local batch = redis.call('XRANGE', EVENTS, from, '+', 'COUNT', 64)
  if #batch == 0 then break end
  for _, entry in ipairs(batch) do
    if not over() then break end
    lastDropped = entry[1]
    events = events - 1
    history = history - #entry[2][4]
  end
  from = '(' .. batch[#batch][1]
end

-- Accepted: write.
i = FIRST_SLICE
for _ = 1, sliceCount do
  if ARGV[i + 1] == '' then redis.call('HDEL', STATE, ARGV[i]) else redis.call('HSET', STATE, ARGV[i], ARGV[i + 1]) end
  i = i + 2
end
redis.call('HINCRBY', STATE, 'rev', 1)
local ids = {}
for j = firstEvent, #ARGV, 2 do
  ids[#ids + 1] = redis.call('XADD', EVENTS, '*', 'event', ARGV[j], 'data', ARGV[j + 1])
end
if lastDropped then
  -- Exactly the entries up to lastDropped: MINID keeps ids from the one right after it.
  local ms, seq = string.match(lastDropped, '^(%d+)-(%d+)$')
  redis.call('XTRIM', EVENTS, 'MINID', ms .. '-' .. (tonumber(seq) + 1))
end
redis.call('PEXPIRE', STATE, ttl)
redis.call('PEXPIRE', EVENTS, ttl)
redis.call('ZADD', LANES, now, lane)
redis.call('ZADD', HISTORY_LANES, now, lane)
redis.call('HSET', LANE_BYTES, lane, size)
redis.call('INCRBY', STORED, delta)
redis.call('HSET', LANE_HISTORY, lane, history)
local historyTotal = redis.call('INCRBY', HISTORY, history - oldHistory)

-- Past the history budget: the least recently active lanes' streams go, whole (never this one).
while historyTotal > historyBudget do
  local oldest = redis.call('ZRANGE', HISTORY_LANES, 0, 0)[1]
  if not oldest or oldest == lane then break end
  historyTotal = redis.call('DECRBY', HISTORY, number(redis.call('HGET', LANE_HISTORY, oldest)))
  redis.call('HSET', LANE_HISTORY, oldest, 0)
  redis.call('ZREM', HISTORY_LANES, oldest)
  redis.call('DEL', prefix .. oldest .. ':events')
end

redis.call('PUBLISH', CHANNEL, ids[#ids])
return ids`;
