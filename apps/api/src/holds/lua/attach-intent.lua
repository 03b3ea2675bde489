--[[
attach-intent: stores a Stripe PaymentIntent on an active hold (first writer wins) and extends the hold,
once, by the payment grace: paying takes longer than pressing "reserve", and a shopper who has started to
pay should not lose the units mid-payment. A hold whose expiry passed is released here (if no reaper did
yet) and nothing is stored: the caller cancels the intent it created.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  the hold's owner: anyone else's hold is NOT_FOUND
ARGV[3]  payment intent id
ARGV[4]  its client secret
ARGV[5]  payment grace (ms) added to the hold's expiry
ARGV[6]  pub/sub channel told about stock changes, or ""
ARGV[7]  sale id named in the published message, or ""

Returns {code, hold record JSON ('' when not found)}:
  ATTACHED   the intent is stored now and the hold extended
  EXISTING   the hold has an intent already: that one stands (the record names it)
  EXPIRED    the hold lapsed (and is released now): nothing stored
  ENDED      the hold is no longer active (paid, completed, cancelled, expired, refunded): nothing stored
  NOT_FOUND  no such hold, or it is someone else's
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
local id = ARGV[1]
local hold, raw = loadHold(pool, id)
if not hold then
  return {'NOT_FOUND', ''}
end
if hold.u ~= ARGV[2] then
  return {'NOT_FOUND', ''}
end
if hold.pi then
  return {'EXISTING', raw}
end
if hold.s ~= 'active' then
  return {'ENDED', raw}
end
if now >= hold.e then
  redis.call('ZREM', pool.expiry, id)
  releaseHold(pool, id, hold, 'expired', now, true)
  publishLines(ARGV[6], ARGV[7], pool, hold.l)
  return {'EXPIRED', cjson.encode(hold)}
end

hold.pi = ARGV[3]
hold.cs = ARGV[4]
hold.e = hold.e + tonumber(ARGV[5])
redis.call('ZADD', pool.expiry, hold.e, id)
saveHold(pool, id, hold, now)
return {'ATTACHED', cjson.encode(hold)}
