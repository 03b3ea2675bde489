--[[
load-stock: puts products' free stock into the catalogue pool from the ledger, for each product whose
counter is absent: free = on-hand (sum of its ledger movements) - units in active cart holds. A product
already loaded is left alone, so racing loaders never reset a live counter.

KEYS[1]  {catalog}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
ARGV     pairs: product id, on-hand units from the ledger

Returns each product's free units, in the order given (loaded now or already there).
]]
local result = {}
for i = 1, #ARGV, 2 do
  local productId = ARGV[i]
  local free = redis.call('HGET', KEYS[1], 'free:' .. productId)
  if not free then
    local held = tonumber(redis.call('HGET', KEYS[1], 'held:' .. productId) or '0')
    free = tonumber(ARGV[i + 1]) - held
    redis.call('HSET', KEYS[1], 'free:' .. productId, free)
  end
  result[#result + 1] = tonumber(free)
end
return result
