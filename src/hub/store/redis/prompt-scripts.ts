/**
 * The Lua scripts that change a lane's prompt in Redis. Each runs whole (Redis runs one
 * script at a time), so of two instances answering or closing the same prompt exactly one
 * finds it open: the first valid answer wins across instances. Each change takes the next
 * number of `<prefix>:prompt-seq` and is PUBLISHed on `<prefix>:prompts` (never with an
 * answer). The response for the asking cashier is PUBLISHed on the lane's own responses
 * channel, which only instances holding one of its `GET /responses` streams subscribe to;
 * when none does (PUBLISH reached nobody) it is held in a short list with a TTL until a
 * cashier stream opens and takes it.
 *
 * Keys, for both: 1 the lane's prompt hash (`id`, `bill`, `record`, `seq`), 2 the news
 * counter, 3 the news channel, 4 the lane's responses channel, 5 the lane's held answers.
 */

const SHARED = `
local lane = ARGV[1]
local function deliver(response, holdMs, maxHeld)
  if redis.call('PUBLISH', KEYS[4], response) == 0 then
    redis.call('RPUSH', KEYS[5], response)
    redis.call('LTRIM', KEYS[5], -tonumber(maxHeld), -1)
    redis.call('PEXPIRE', KEYS[5], holdMs)
  end
end
-- extra: '' or ',"reason":…' or ',"value":…' (JSON members written by the hub)
local function closeOpen(id, status, extra, holdMs, maxHeld)
  redis.call('DEL', KEYS[1])
  local seq = redis.call('INCR', KEYS[2])
  redis.call('PUBLISH', KEYS[3], '{"kind":"close","lane":' .. cjson.encode(lane) .. ',"seq":' .. seq ..
    ',"prompt_id":' .. cjson.encode(id) .. ',"status":"' .. status .. '"}')
  deliver('{"prompt_id":' .. cjson.encode(id) .. ',"status":"' .. status .. '"' .. extra .. '}', holdMs, maxHeld)
  return seq
end
`;

/**
 * Opens a prompt, closing (`replaced`) the open one. Key 6: the lane's state hash, whose
 * `rev` must still be the one the bill was read at (else nil: read again).
 * ARGV: lane, prompt id, record JSON, bill ('' none, '=' .. id), key TTL ms, rev, hold ms, max held.
 * Returns {show seq, replaced seq or 0, replaced id or ''}.
 */
export const ASK_SCRIPT = `${SHARED}
local rev = redis.call('HGET', KEYS[6], 'rev') or ''
if rev ~= ARGV[6] then return nil end
local replacedSeq, replacedId = 0, ''
local old = redis.call('HGET', KEYS[1], 'id')
if old then
  replacedSeq = closeOpen(old, 'cancelled', ',"reason":"replaced"', ARGV[7], ARGV[8])
  replacedId = old
end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'bill', ARGV[4], 'record', ARGV[3], 'seq', seq)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PUBLISH', KEYS[3], '{"kind":"show","lane":' .. cjson.encode(lane) .. ',"seq":' .. seq .. ',"open":' .. ARGV[3] .. '}')
return {seq, replacedSeq, replacedId}
`;

/**
 * Closes the lane's prompt if it is the one meant. ARGV: lane, prompt id ('' any), status,
 * extra members, show seq ('' any), bill condition ('' none; '=' .. id: only when asked over
 * a bill and another one), hold ms, max held. Returns {seq, id}, or nil when nothing matched.
 */
export const CLOSE_SCRIPT = `${SHARED}
local open = redis.call('HMGET', KEYS[1], 'id', 'bill', 'seq')
local id, bill, seq = open[1], open[2], open[3]
if not id then return nil end
if ARGV[2] ~= '' and id ~= ARGV[2] then return nil end
if ARGV[5] ~= '' and seq ~= ARGV[5] then return nil end
if ARGV[6] ~= '' and (bill == '' or bill == ARGV[6]) then return nil end
return {closeOpen(id, ARGV[3], ARGV[4], ARGV[7], ARGV[8]), id}
`;
