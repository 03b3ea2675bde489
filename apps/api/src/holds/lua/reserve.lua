--[[
reserve: takes a flash-sale hold for one shopper, in one atomic step, by the Redis clock.

In order: counts the request against the caller's rate limits (per user and per IP, in this sale);
replays the reservation an earlier call made with the same Idempotency-Key (so concurrent duplicates make
one hold); refuses while an admin has paused the sale, and outside its window; on a waiting-room sale,
refuses a shopper without a valid admission (and marks the admission used when the hold is taken); releases
up to ARGV[5]
lapsed holds of the sale (stock a reaper has not reached yet is free again); checks the per-user limit
(units in the user's active and paid holds); takes the units from free stock; records the hold and
indexes its expiry.

KEYS[1]  {sale:<id>}:sale    HASH definition: productId, priceCents, currency, startsAt, endsAt (ms),
                             perUserLimit, ttlMs, purgeAt (ms), paused ("1"), admissionMs (a waiting-room
                             sale only). Absent: not loaded.
KEYS[2]  {sale:<id>}:idem    HASH "<userId>:<Idempotency-Key>" -> reservation id
KEYS[3..10] the sale's pool: expiry, holds, stock, users, ended, settling, voided, stats
            (see includes/holds.lua)
KEYS[11..13] the waiting room's line, tickets and admitted keys (see waiting-room/lua/includes/line.lua);
            untouched for a sale without one
KEYS[14..]  {sale:<id>}:rl:<limit>:<tracker>  one counter per rate limit (see includes/throttle.lua); the
            caller passes the number of keys first (this part varies)
ARGV[1]  user id
ARGV[2]  quantity (integer >= 1)
ARGV[3]  id of the new reservation
ARGV[4]  idempotency field "<userId>:<key>", or "" without a key
ARGV[5]  how many lapsed holds to release first
ARGV[6]  pub/sub channel told about stock changes
ARGV[7]  sale id (names the sale in the published message)
ARGV[8..] pairs, one per rate-limit key: limit (hits per window), window (ms)

Returns {code} or {code, reservation id, hold record JSON}:
  OK             a new hold was taken
  REPLAYED       this Idempotency-Key was used before by this user: that reservation, as it is now
  NOT_LOADED     the sale's keys are absent: load the sale (load-sale) and retry (nothing was counted)
  RATE_LIMITED   {code, n, ms}: over the n-th rate limit (1-based), to wait ms
  NOT_ACTIVE     paused: {code, 'paused'}; before startsAt, or at/after endsAt: {code, 'window'}
  NOT_ADMITTED   a waiting-room sale, and the user holds no admission valid now (admitted or used, until
                 its admittedUntil)
  LIMIT_REACHED  the user's units would exceed perUserLimit
  SOLD_OUT       fewer free units than asked for
The sale's stats count a hold taken, or the refusal (rejected:rate_limited, not_active, limit_reached,
sold_out); a replay counts nothing.
]]
--- @include "clock"
--- @include "holds"
--- @include "throttle"

local now = nowMs()
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_LOADED'}
end
local pool = poolKeys(3)
local overLimit, waitMs = throttle(14, 8)
if overLimit then
  count(pool, 'rejected:rate_limited')
  return {'RATE_LIMITED', overLimit, waitMs}
end
local userId, quantity, id, idemField = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local channel, saleId = ARGV[6], ARGV[7]

if idemField ~= '' then
  local earlier = redis.call('HGET', KEYS[2], idemField)
  local record = earlier and redis.call('HGET', pool.holds, earlier)
  if record then
    return {'REPLAYED', earlier, record}
  end
end

local sale = redis.call('HMGET', KEYS[1], 'productId', 'priceCents', 'currency', 'startsAt', 'endsAt',
  'perUserLimit', 'ttlMs', 'purgeAt', 'paused', 'admissionMs')
local productId = sale[1]
if sale[9] == '1' then
  count(pool, 'rejected:not_active')
  return {'NOT_ACTIVE', 'paused'}
end
if now < tonumber(sale[4]) or now >= tonumber(sale[5]) then
  count(pool, 'rejected:not_active')
  return {'NOT_ACTIVE', 'window'}
end

-- Waiting room: an admission is valid until its admittedUntil, by this same clock (admit.lua expires it).
local ticket
if sale[10] then
  local raw = redis.call('HGET', KEYS[12], userId)
  ticket = raw and cjson.decode(raw)
  if not ticket or (ticket.s ~= 'admitted' and ticket.s ~= 'used') or ticket.a <= now then
    return {'NOT_ADMITTED'}
  end
end

local _, touched = releaseExpired(pool, now, tonumber(ARGV[5]))
local used = tonumber(redis.call('HGET', pool.users, userId) or '0')
if used + quantity > tonumber(sale[6]) then
  publishTouched(channel, saleId, pool, touched)
  count(pool, 'rejected:limit_reached')
  return {'LIMIT_REACHED'}
end
local free = tonumber(redis.call('HGET', pool.stock, 'free:' .. productId) or '0')
if free < quantity then
  publishTouched(channel, saleId, pool, touched)
  count(pool, 'rejected:sold_out')
  return {'SOLD_OUT'}
end

local hold = {
  u = userId, k = 'flash_sale', c = sale[3], s = 'active', n = quantity, t = now,
  e = now + tonumber(sale[7]),
  l = {{productId, quantity, tonumber(sale[2])}},
}
local record = cjson.encode(hold)
redis.call('HINCRBY', pool.stock, 'free:' .. productId, -quantity)
redis.call('HINCRBY', pool.stock, 'held:' .. productId, quantity)
redis.call('HINCRBY', pool.users, userId, quantity)
redis.call('HSET', pool.holds, id, record)
redis.call('ZADD', pool.expiry, hold.e, id)
if idemField ~= '' then
  redis.call('HSET', KEYS[2], idemField, id)
end
count(pool, 'taken')
if ticket and ticket.s == 'admitted' then
  ticket.s = 'used'
  redis.call('HSET', KEYS[12], userId, cjson.encode(ticket))
  redis.call('ZREM', KEYS[13], userId)
  redis.call('HINCRBY', KEYS[11], 'used', 1)
end
-- Safety net only: the sale's keys outlive the sale and every hold's expiry, then go.
for i = 2, 10 do
  redis.call('PEXPIREAT', KEYS[i], sale[8])
end
publishStock(channel, saleId, pool, productId)
return {'OK', id, record}
