--[[
admit: one step of a sale's line, run by a timer in every API process (any number at once): the draw when
it is due; lapsed admissions become expired; then tickets are admitted from the front of the line, at most
admitPerSecond in any second across all processes (a token bucket for an even pace, capped by a sliding
one-second count), never while the sale is paused or closed, and never beyond the free units (unused
admissions <= free stock). Publishes the line's state on the sale's channel when it changed, in a sale
message (holds/lua/includes/holds.lua) with `queue`.

KEYS[1..8] the line (see includes/line.lua)
ARGV[1]  random seed for the draw (integer)
ARGV[2]  pub/sub channel of sale events
ARGV[3]  sale id (names the sale in the message)
ARGV[4]  most lapsed admissions to expire in this step
ARGV[5]  least ms between two messages of the same sale (a closing is published at once)

Returns {code} or {code, waiting, admitted (unused), used, expired, upTo, admissions in the last
RECENT_MS, drawnAt (ms, 0: not yet), closed ('' | 'sold_out' | 'ended'), admitted in this step}:
  OK          one step done
  NOT_LOADED  the sale's keys are absent (load it)
  NO_LINE     the sale has no waiting room
]]
--- @include "holds/clock"
--- @include "holds/holds"
--- @include "line"

local now = nowMs()
if redis.call('EXISTS', K.def) == 0 then return {'NOT_LOADED'} end
local sale = saleOf()
if not sale.admissionMs then return {'NO_LINE'} end
drawIfDue(sale, now, tonumber(ARGV[1]))

-- Lapsed admissions: the ticket is expired, its shopper may join again at the back.
local lapsed = redis.call('ZRANGEBYSCORE', K.admitted, '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
for _, userId in ipairs(lapsed) do
  local ticket = loadTicket(userId)
  if ticket and ticket.s == 'admitted' then
    ticket.s = 'expired'
    redis.call('HSET', K.tickets, userId, cjson.encode(ticket))
    redis.call('HINCRBY', K.line, 'expired', 1)
  end
  redis.call('ZREM', K.admitted, userId)
end

local closed = closedStatus(sale, now)
local admittedNow = 0
redis.call('ZREMRANGEBYSCORE', K.recent, '-inf', now - RECENT_MS)
if not closed and not sale.paused and now >= sale.startsAt then
  -- The bucket fills at `rate` a second up to a tenth of a second's worth (at least one).
  local capacity = math.max(1, math.ceil(sale.rate / 10))
  local state = redis.call('HMGET', K.line, 'tokens', 'tokensAt')
  local tokensAt = tonumber(state[2] or sale.startsAt)
  local tokens = math.min(capacity, tonumber(state[1] or '0') + (now - tokensAt) * sale.rate / 1000)
  local lastSecond = redis.call('ZCOUNT', K.recent, '(' .. (now - 1000), '+inf')
  local free = tonumber(redis.call('HGET', K.stock, 'free:' .. sale.productId) or '0')
  local unused = redis.call('ZCARD', K.admitted)
  local k = math.min(math.floor(tokens), sale.rate - lastSecond, free - unused)
  if k > 0 then
    local popped = redis.call('ZPOPMIN', K.waiting, k)
    for i = 1, #popped, 2 do
      local userId, number = popped[i], tonumber(popped[i + 1])
      local ticket = loadTicket(userId)
      if ticket then
        ticket.s, ticket.a = 'admitted', now + sale.admissionMs
        redis.call('HSET', K.tickets, userId, cjson.encode(ticket))
        redis.call('ZADD', K.admitted, ticket.a, userId)
        redis.call('ZADD', K.recent, now, number)
        redis.call('HSET', K.line, 'upTo', number)
        admittedNow = admittedNow + 1
      end
    end
    tokens = tokens - admittedNow
  end
  redis.call('HSET', K.line, 'tokens', tokens, 'tokensAt', now)
end

local waiting = 0
if not closed then
  waiting = redis.call('SCARD', K.early) + redis.call('ZCARD', K.waiting)
end
local upTo = lineNumber('upTo')
local closedText = closed or ''
local last = redis.call('HMGET', K.line, 'pubAt', 'pubWaiting', 'pubUpTo', 'pubClosed')
local changed = tonumber(last[2] or '-1') ~= waiting or tonumber(last[3] or '-1') ~= upTo
if closedText ~= (last[4] or '') then
  redis.call('HSET', K.line, 'closed', closedText)
elseif changed and now - tonumber(last[1] or '0') < tonumber(ARGV[5]) then
  changed = false -- published a moment ago: a later step publishes the newest state
end
if changed or closedText ~= (last[4] or '') then
  local message = saleMessage(K.stock, ARGV[3], sale.productId)
  message.queue = { waiting = waiting, admittedUpTo = upTo }
  redis.call('PUBLISH', ARGV[2], cjson.encode(message))
  redis.call('HSET', K.line, 'pubAt', now, 'pubWaiting', waiting, 'pubUpTo', upTo, 'pubClosed', closedText)
end
for i = 3, 8 do
  if redis.call('PTTL', KEYS[i]) == -1 then redis.call('PEXPIREAT', KEYS[i], sale.purgeAt) end
end
return {'OK', waiting, redis.call('ZCARD', K.admitted), lineNumber('used'), lineNumber('expired'), upTo,
  redis.call('ZCARD', K.recent), lineNumber('drawnAt'), closedText, admittedNow}
