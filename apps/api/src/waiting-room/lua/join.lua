--[[
join: puts a shopper in a sale's line, once; by the Redis clock, so arrival order is the order the calls
reach Redis, whichever API process makes them.

Before startsAt the shopper is an early joiner (no number until the draw); from startsAt (the draw runs
first if it is due) the next number. A shopper already in line gets the same ticket; one whose admission
lapsed unused (expired) goes to the back. A closed line (every unit sold, or the sale over) takes no one.

Counts the join against the caller's rate limits first (includes/throttle.lua of holds), as reserve.lua
does, so a join is one round trip.

KEYS[1..8] the line (see includes/line.lua)
KEYS[9..]  {sale:<id>}:rl:<limit>:<tracker>  one counter per rate limit (none: nothing counted)
ARGV[1]  user id
ARGV[2]  random seed for the draw (integer)
ARGV[3..] pairs, one per rate-limit key: limit (hits per window), window (ms)

Returns {code, status, number, position, joined (ms), admitted until (ms), admitPerSecond} (see view()):
  JOINED       a new ticket
  EXISTING     the shopper's ticket, unchanged
  CLOSED       the line is closed: {code, 'sold_out' | 'ended', 0, -1, now, 0, admitPerSecond}, nothing stored
  NOT_LOADED   {code}: the sale's keys are absent: load the sale and retry
  NO_LINE      {code}: the sale has no waiting room
  RATE_LIMITED {code, n, ms}: over the n-th rate limit (1-based), to wait ms; nothing else done
]]
--- @include "holds/clock"
--- @include "holds/throttle"
--- @include "line"

local now = nowMs()
if redis.call('EXISTS', K.def) == 0 then return {'NOT_LOADED'} end
local overLimit, waitMs = throttle(9, 3)
if overLimit then return {'RATE_LIMITED', overLimit, waitMs} end
local sale = saleOf()
if not sale.admissionMs then return {'NO_LINE'} end
local userId = ARGV[1]
drawIfDue(sale, now, tonumber(ARGV[2]))
local closed = closedStatus(sale, now)

local ticket = loadTicket(userId)
if ticket then
  local reply = view(sale, userId, ticket, closed, now)
  if reply[1] ~= 'expired' then
    table.insert(reply, 1, 'EXISTING')
    return reply
  end
  -- Rejoining after a lapsed admission: that admission is over (counted once), then the back of the line.
  if ticket.s == 'admitted' then
    redis.call('ZREM', K.admitted, userId)
    redis.call('HINCRBY', K.line, 'expired', 1)
  end
end
if closed then return {'CLOSED', closed, 0, -1, now, 0, sale.rate} end

ticket = { s = 'waiting', n = 0, j = now }
if now < sale.startsAt then
  redis.call('SADD', K.early, userId)
else
  ticket.n = redis.call('HINCRBY', K.line, 'seq', 1)
  redis.call('ZADD', K.waiting, ticket.n, userId)
end
saveTicket(sale, userId, ticket)
local reply = view(sale, userId, ticket, closed, now)
table.insert(reply, 1, 'JOINED')
return reply
