--[[
adjust-stock: applies a change of a product's on-hand stock that happened outside Redis (an admin restock
or adjustment, a flash sale's unsold units coming back) to its free-stock counter. An absent counter is
left absent: it is loaded from the ledger, which already holds the change, when next needed.

KEYS[1]  {catalog}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
ARGV[1]  product id
ARGV[2]  units to add (negative: to take away)

Returns {code, free units}:  APPLIED | NOT_LOADED (free 0)
]]
local field = 'free:' .. ARGV[1]
if redis.call('HEXISTS', KEYS[1], field) == 0 then
  return {'NOT_LOADED', 0}
end
return {'APPLIED', redis.call('HINCRBY', KEYS[1], field, ARGV[2])}
