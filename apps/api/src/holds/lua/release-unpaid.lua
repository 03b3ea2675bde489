--[[
release-unpaid: a hold's payment failed or its intent was cancelled (payment_intent.payment_failed or
.canceled): an active hold is released at once, its stock free again, as cancel.lua releases it. Only the
hold's own intent may release it; a hold that is paid (or ended otherwise) is left as it is, so a failure
arriving after a success changes nothing.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  payment intent id that failed or was cancelled
ARGV[3]  "1" to have that intent cancelled at Stripe (a failed one can still be paid), "0" if it is already
ARGV[4]  pub/sub channel told about stock changes, or ""
ARGV[5]  sale id named in the published message, or ""

Returns {code, hold status ('' when not found)}:
  RELEASED   the hold was active and is released now ('cancelled', or 'expired' if it had lapsed)
  UNCHANGED  it is not active: nothing changed
  IGNORED    the intent is not the hold's: nothing changed
  NOT_FOUND  no such hold
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
local id = ARGV[1]
local hold = loadHold(pool, id)
if not hold then
  return {'NOT_FOUND', ''}
end
if hold.pi ~= ARGV[2] then
  return {'IGNORED', hold.s}
end
if hold.s ~= 'active' then
  return {'UNCHANGED', hold.s}
end
redis.call('ZREM', pool.expiry, id)
releaseHold(pool, id, hold, now >= hold.e and 'expired' or 'cancelled', now, ARGV[3] == '1')
publishLines(ARGV[4], ARGV[5], pool, hold.l)
return {'RELEASED', hold.s}
