--[[
audit-pool: a consistent snapshot of one pool for the payments reconciler's audit (read-only). Sums the
units of the active holds (the expiry index) and of the paid holds still settling, per product, next to the
stock counters, all at one instant.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  most active holds to sum: a larger pool answers TOO_LARGE (the audit skips it this time)

Returns {'OK', stock, active, settlingUnits, settlingIds} where stock is the stock hash as a flat
field/value list, active and settlingUnits flat productId/units lists, settlingIds the settling holds' ids;
or {'TOO_LARGE'}.
]]
--- @include "holds"

local pool = poolKeys(1)
if redis.call('ZCARD', pool.expiry) > tonumber(ARGV[1]) then
  return {'TOO_LARGE'}
end

local function addUnits(sums, hold)
  for _, line in ipairs(hold.l) do sums[line[1]] = (sums[line[1]] or 0) + line[2] end
end

local function flat(sums)
  local list = {}
  for productId, units in pairs(sums) do
    list[#list + 1] = productId
    list[#list + 1] = units
  end
  return list
end

local active, paid = {}, {}
for _, id in ipairs(redis.call('ZRANGE', pool.expiry, 0, -1)) do
  local raw = redis.call('HGET', pool.holds, id)
  if raw then addUnits(active, cjson.decode(raw)) end
end
local settlingIds = redis.call('ZRANGE', pool.settling, 0, -1)
for _, id in ipairs(settlingIds) do
  local raw = redis.call('HGET', pool.holds, id)
  local hold = raw and cjson.decode(raw)
  if hold and hold.s == 'paid' then addUnits(paid, hold) end
end
return {'OK', redis.call('HGETALL', pool.stock), flat(active), flat(paid), settlingIds}
