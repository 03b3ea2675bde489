--[[
complete: a paid hold's order is written (in MongoDB, the commit point): the hold becomes 'completed',
names its order and leaves the settling index. Completing it again changes nothing.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  reservation id
ARGV[2]  order id

Returns {code, hold record JSON ('' when not found)}:
  COMPLETED          completed now
  ALREADY_COMPLETED  it was (the record names its order)
  NOT_PAID           it is not paid (nothing changed): a bug in the caller
  NOT_FOUND          no such hold
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
if hold.s == 'completed' then
  return {'ALREADY_COMPLETED', raw}
end
if hold.s ~= 'paid' then
  return {'NOT_PAID', raw}
end
setStatus(pool, hold, 'completed')
hold.o = ARGV[2]
saveHold(pool, id, hold, now)
redis.call('ZREM', pool.settling, id)
return {'COMPLETED', cjson.encode(hold)}
