--[[
include line: what every waiting-room script shares. A sale's line is eight keys in its slot, passed as
KEYS[1..8] in this order (names in redis/redis-keys.ts):
  1 def       HASH  {sale:<id>}:sale, the sale's definition; admitPerSecond / admissionMs present only for
                    a sale with a waiting room (load-sale.lua writes them)
  2 stock     HASH  {sale:<id>}:stock, free:<productId> / held:<productId> / sold:<productId>
  3 line      HASH  seq (last number given), upTo (highest number admitted), drawnAt (ms), tokens,
                    tokensAt (the admission bucket), used, expired, closed ('sold_out' | 'ended'), and
                    pubAt / pubWaiting / pubUpTo / pubClosed (what the last published message said)
  4 tickets   HASH  user id -> ticket JSON {s = status, n = number (0 before the draw), j = joined (ms),
                    a = admitted until (ms), once admitted}; s: waiting | admitted | used | expired
  5 early     SET   user ids of early joiners, until the draw
  6 waiting   ZSET  user id of each numbered waiting ticket, scored by its number
  7 admitted  ZSET  user id of each admission not used yet, scored by when it lapses (ms)
  8 recent    ZSET  ticket number of each admission of the last RECENT_MS, scored by when (ms)

A ticket's `sold_out` / `ended` is never stored: it is derived, for every waiting or admitted ticket at once,
from the sale itself (its window, its stock) whenever a ticket is read.
]]

local RECENT_MS = 5000

local K = { def = KEYS[1], stock = KEYS[2], line = KEYS[3], tickets = KEYS[4], early = KEYS[5],
  waiting = KEYS[6], admitted = KEYS[7], recent = KEYS[8] }

-- The sale as the line needs it; nil fields mean the sale has no waiting room.
local function saleOf()
  local f = redis.call('HMGET', K.def, 'productId', 'startsAt', 'endsAt', 'admitPerSecond', 'admissionMs',
    'purgeAt', 'paused')
  return { productId = f[1], startsAt = tonumber(f[2]), endsAt = tonumber(f[3]), rate = tonumber(f[4]),
    admissionMs = tonumber(f[5]), purgeAt = f[6], paused = f[7] == '1' }
end

local function lineNumber(field)
  return tonumber(redis.call('HGET', K.line, field) or '0')
end

-- 'ended' after endsAt; 'sold_out' once every unit is sold (none free, none held: nothing can come back);
-- false while the line is open. Derived from the sale, so every ticket reads it in the same step.
local function closedStatus(sale, now)
  if now >= sale.endsAt then return 'ended' end
  if now < sale.startsAt then return false end
  local stock = redis.call('HMGET', K.stock, 'free:' .. sale.productId, 'held:' .. sale.productId)
  if tonumber(stock[1] or '0') <= 0 and tonumber(stock[2] or '0') <= 0 then return 'sold_out' end
  return false
end

local function loadTicket(userId)
  local raw = redis.call('HGET', K.tickets, userId)
  return raw and cjson.decode(raw) or nil
end

-- Every key of the line goes with the sale's keys (a safety net: never the mechanism).
local function saveTicket(sale, userId, ticket)
  redis.call('HSET', K.tickets, userId, cjson.encode(ticket))
  for i = 3, 8 do
    redis.call('PEXPIREAT', KEYS[i], sale.purgeAt)
  end
end

-- The draw, at most once per line: the early joiners in a uniformly random order (a Fisher-Yates shuffle
-- by the caller's random seed), numbered 1..n, ahead of anyone joining later. Not SPOP: Redis picks a
-- member of a large (hashtable) set only approximately uniformly. Returns true when it ran now.
local function drawIfDue(sale, now, seed)
  if now < sale.startsAt or redis.call('HEXISTS', K.line, 'drawnAt') == 1 then return false end
  local early = redis.call('SMEMBERS', K.early)
  table.sort(early) -- the shuffle alone decides: not the set's internal order
  math.randomseed(seed)
  for i = #early, 2, -1 do
    local j = math.random(i)
    early[i], early[j] = early[j], early[i]
  end
  for number, userId in ipairs(early) do
    local ticket = loadTicket(userId)
    if ticket then
      ticket.n = number
      redis.call('HSET', K.tickets, userId, cjson.encode(ticket))
      redis.call('ZADD', K.waiting, number, userId)
    end
  end
  redis.call('DEL', K.early)
  redis.call('HSET', K.line, 'drawnAt', now, 'seq', #early)
  return true
end

-- A ticket as the caller answers it: {status, number (0: none yet), position (-1: unknown), joined (ms),
-- admitted until (ms, 0: not admitted), admitPerSecond}.
local function view(sale, userId, ticket, closed, now)
  local status, position = ticket.s, -1
  if status == 'admitted' and ticket.a <= now then status = 'expired' end
  if closed and (status == 'waiting' or status == 'admitted') then
    status = closed
  elseif status == 'waiting' and ticket.n > 0 then
    position = redis.call('ZRANK', K.waiting, userId) + 1
  elseif status == 'admitted' then
    position = 0
  end
  return { status, ticket.n, position, ticket.j, ticket.a or 0, sale.rate }
end
