--[[
confirm: a hold is paid (what the payments flow calls once a payment succeeded). An active hold that has
not lapsed becomes 'paid': it leaves the expiry index, its units move from held to sold and keep counting
towards the owner's per-user limit. A hold whose expiry has passed is released as 'expired' instead (its
stock goes back) and is not payable. Confirming a paid hold again changes nothing and says so.

KEYS[1..5]  the pool: expiry, holds, stock, users, ended (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  pub/sub channel told about stock changes, or ""
ARGV[3]  sale id named in the published message, or ""

Returns {code, hold record JSON ('' when not found)}:
  PAID          the hold is paid now
  ALREADY_PAID  it was paid before
  NOT_PAYABLE   it is cancelled or expired (possibly just now)
  NOT_FOUND     no such hold
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
local raw = redis.call('HGET', pool.holds, ARGV[1])
if not raw then
  return {'NOT_FOUND', ''}
end
local hold = cjson.decode(raw)
if hold.s == 'paid' then
  return {'ALREADY_PAID', raw}
end
if hold.s ~= 'active' then
  return {'NOT_PAYABLE', raw}
end

redis.call('ZREM', pool.expiry, ARGV[1])
if now >= hold.e then
  releaseHold(pool, ARGV[1], hold, 'expired', now)
  publishLines(ARGV[2], ARGV[3], pool, hold.l)
  return {'NOT_PAYABLE', cjson.encode(hold)}
end
for _, line in ipairs(hold.l) do
  redis.call('HINCRBY', pool.stock, 'held:' .. line[1], -line[2])
  redis.call('HINCRBY', pool.stock, 'sold:' .. line[1], line[2])
end
hold.s = 'paid'
hold.p = now
saveHold(pool, ARGV[1], hold, now)
return {'PAID', cjson.encode(hold)}
