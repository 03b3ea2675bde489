--[[
settle-sale: says whether an ended flash sale's unsold units are final, judged by the Redis clock in the
same atomic step as the read (a local clock running early could otherwise count units a last-second
reservation is taking). Once the sale has ended and no hold is active, nothing can change its counters:
reserve refuses after endsAt and only active holds move. Read-only.

KEYS[1]  {sale:<id>}:sale   HASH definition
KEYS[2]  {sale:<id>}:stock  HASH free:<productId> / held:<productId> / sold:<productId>

Returns:
  {'NOT_LOADED'}
  {'OPEN'}                  endsAt has not passed
  {'HOLDS_ACTIVE', held}    ended, but holds are still active (they expire or get paid)
  {'SETTLED', free, sold}   ended and final: `free` units go back to the product
]]
--- @include "clock"

local now = nowMs()
local sale = redis.call('HMGET', KEYS[1], 'productId', 'endsAt')
if not sale[1] then
  return {'NOT_LOADED'}
end
if now < tonumber(sale[2]) then
  return {'OPEN'}
end
local stock = redis.call('HMGET', KEYS[2], 'free:' .. sale[1], 'held:' .. sale[1], 'sold:' .. sale[1])
local held = tonumber(stock[2] or '0')
if held > 0 then
  return {'HOLDS_ACTIVE', held}
end
return {'SETTLED', tonumber(stock[1] or '0'), tonumber(stock[3] or '0')}
