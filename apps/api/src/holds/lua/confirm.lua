--[[
confirm: a payment for a hold succeeded (a verified Stripe webhook says so). Decides, in one atomic step,
whether the payment buys the hold's units or must be refunded, and remembers the decision: every later call
for the same hold answers from the state the first left, so duplicated and reordered events agree.

- An active hold becomes 'paid', even past its expiry while no reaper has released it (its units are still
  held, so nobody else has them): units move from held to sold, it leaves the expiry index and keeps
  counting towards its owner's per-user limit.
- A hold that ended unpaid (expired, or cancelled / released on a failed payment) is a late payment: it
  takes its units again if they are free, the sale has not ended (after that its unsold units may have gone
  back to the product) and its owner stays within the per-user limit. Otherwise it becomes 'refunded'.
- A payment whose amount or currency differs from the hold's is refunded; an active hold is released.
- A hold paid through another intent keeps that payment: this one is a duplicate to refund.
- Only the intent attached to the hold (attach-intent.lua) may pay it: any other intent that names the
  hold in its metadata is foreign, changes nothing here, and is refunded by the caller.
Paid and refunded holds enter the settling index until the order is written (complete.lua) or the refund
issued; a late or mismatched intent leaves the voided index (a succeeded intent cannot be cancelled). The
pool's stats count each hold once as paid (its units as sold) or as refunded.

KEYS[1]  {sale:<id>}:sale  HASH the sale's definition (endsAt, perUserLimit); for cart holds the
         catalogue's definition key, which is never written (no window, no limit)
KEYS[2..9]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  payment intent id that succeeded
ARGV[3]  amount it took (minor units)
ARGV[4]  its currency
ARGV[5]  pub/sub channel told about stock changes (free or held units), or ""
ARGV[6]  sale id named in the published message, or ""

Returns {code, hold record JSON ('' when not found)}:
  PAID          the hold is paid now
  PAID_LATE     it had ended unpaid; its units were free and are sold now
  ALREADY_PAID  paid before through this intent; its order is not written yet
  COMPLETED     paid before through this intent; its order is written
  REFUNDED      refused before: the refund is due (issuing it again is idempotent)
  NO_STOCK      late, and its units are gone (or the sale ended, or the limit is used): now 'refunded'
  MISMATCH      amount or currency differ from the hold's: now 'refunded'
  OTHER_INTENT  paid or refused through another intent: this payment is a duplicate to refund
  FOREIGN_INTENT  the intent was never attached to the hold: nothing changes; it is to be refunded
  NOT_FOUND     no such hold
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(2)
local id, intent = ARGV[1], ARGV[2]
local hold, raw = loadHold(pool, id)
if not hold then
  return {'NOT_FOUND', ''}
end
if hold.pi ~= intent and hold.pp ~= intent then
  return {'FOREIGN_INTENT', raw}
end
if hold.pp and hold.pp ~= intent then
  return {'OTHER_INTENT', raw}
end
if hold.s == 'completed' or hold.s == 'paid' or hold.s == 'refunded' then
  local answers = {completed = 'COMPLETED', paid = 'ALREADY_PAID', refunded = 'REFUNDED'}
  return {answers[hold.s], raw}
end

-- Nobody paid this hold yet: it is active, expired or cancelled.
local function settle(status)
  setStatus(pool, hold, status)
  hold.pp = intent
  if status == 'paid' then hold.p = now end
  saveHold(pool, id, hold, now)
  redis.call('ZADD', pool.settling, now, id)
  redis.call('ZREM', pool.voided, intent)
  -- Another intent attached to this hold can no longer be needed.
  if hold.pi and hold.pi ~= intent then redis.call('ZADD', pool.voided, now, hold.pi) end
  keepWithHolds(pool, pool.settling)
  return cjson.encode(hold)
end

local amount = 0
for _, line in ipairs(hold.l) do amount = amount + line[2] * line[3] end
if tonumber(ARGV[3]) ~= amount or string.lower(ARGV[4]) ~= string.lower(hold.c) then
  if hold.s == 'active' then
    redis.call('ZREM', pool.expiry, id)
    releaseHold(pool, id, hold, 'refunded', now, false)
    publishLines(ARGV[5], ARGV[6], pool, hold.l)
  end
  return {'MISMATCH', settle('refunded')}
end

if hold.s == 'active' then
  redis.call('ZREM', pool.expiry, id)
  for _, line in ipairs(hold.l) do
    redis.call('HINCRBY', pool.stock, 'held:' .. line[1], -line[2])
    redis.call('HINCRBY', pool.stock, 'sold:' .. line[1], line[2])
  end
  local record = settle('paid')
  -- No free unit changed, but the held ones did: the sale's stream shows them (units in carts).
  publishLines(ARGV[5], ARGV[6], pool, hold.l)
  return {'PAID', record}
end

-- A late payment: the hold's units went back when it ended.
local sale = redis.call('HMGET', KEYS[1], 'endsAt', 'perUserLimit')
local takeable = not (sale[1] and now >= tonumber(sale[1]))
if takeable and sale[2] and hold.n > 0 then
  takeable = tonumber(redis.call('HGET', pool.users, hold.u) or '0') + hold.n <= tonumber(sale[2])
end
for _, line in ipairs(hold.l) do
  if takeable then
    takeable = tonumber(redis.call('HGET', pool.stock, 'free:' .. line[1]) or '0') >= line[2]
  end
end
if not takeable then
  return {'NO_STOCK', settle('refunded')}
end
for _, line in ipairs(hold.l) do
  redis.call('HINCRBY', pool.stock, 'free:' .. line[1], -line[2])
  redis.call('HINCRBY', pool.stock, 'sold:' .. line[1], line[2])
end
if hold.n > 0 then
  redis.call('HINCRBY', pool.users, hold.u, hold.n)
end
local record = settle('paid')
publishLines(ARGV[5], ARGV[6], pool, hold.l)
return {'PAID_LATE', record}
