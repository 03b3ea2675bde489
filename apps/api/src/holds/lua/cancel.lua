--[[
cancel: the owner gives a hold up. An active hold is released at once (its stock is free again); a hold
whose expiry has passed but that no reaper has reached yet is released as 'expired'. Cancelling a hold that
has already ended changes nothing.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  user id of the caller: only the owner may cancel
ARGV[3]  pub/sub channel told about stock changes, or ""
ARGV[4]  sale id named in the published message, or ""

Returns {code, status}:
  CANCELLED   the hold was active and is released now                     status 'cancelled'
  ENDED       it had ended already (or lapsed just now and was released)  status 'cancelled' | 'expired' | 'refunded'
  PAID        it is paid (or completed): cancelling is refused            status 'paid' | 'completed'
  NOT_FOUND   no such hold, or it is someone else's                       status ''
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
local hold = loadHold(pool, ARGV[1])
if not hold then
  return {'NOT_FOUND', ''}
end
if hold.u ~= ARGV[2] then
  return {'NOT_FOUND', ''}
end
if hold.s ~= 'active' then
  local paid = hold.s == 'paid' or hold.s == 'completed'
  return {paid and 'PAID' or 'ENDED', hold.s}
end

local status = now >= hold.e and 'expired' or 'cancelled'
redis.call('ZREM', pool.expiry, ARGV[1])
releaseHold(pool, ARGV[1], hold, status, now)
publishLines(ARGV[3], ARGV[4], pool, hold.l)
return {status == 'cancelled' and 'CANCELLED' or 'ENDED', status}
