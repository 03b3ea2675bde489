--[[
allocate: takes a new flash sale's units from a product's free stock, atomically, so two admins creating
sales at once cannot both take the last units. The caller records the matching `sale_allocation` ledger
movement afterwards.

KEYS[1]  {catalog}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
ARGV[1]  product id
ARGV[2]  units to take (>= 1)

Returns {code, free units left (or there, when refused)}:
  OK            taken
  INSUFFICIENT  fewer free units than asked for: nothing taken
  NOT_LOADED    the product's counter is absent: load it (load-stock) and retry   (free 0)
]]
local field = 'free:' .. ARGV[1]
local free = redis.call('HGET', KEYS[1], field)
if not free then
  return {'NOT_LOADED', 0}
end
free = tonumber(free)
local quantity = tonumber(ARGV[2])
if free < quantity then
  return {'INSUFFICIENT', free}
end
return {'OK', redis.call('HINCRBY', KEYS[1], field, -quantity)}
