--[[
set-paused: an admin paused or resumed a loaded sale. Mirrors MongoDB's `paused` into the sale's Redis
definition, which reserve.lua reads, and tells every API process (their event streams show it). A sale
that is not loaded is left alone: loading it copies `paused` from MongoDB, which has it already.

KEYS[1]  {sale:<id>}:sale   HASH definition (its presence means "loaded")
KEYS[2]  {sale:<id>}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
ARGV[1]  "1" to pause, "0" to resume
ARGV[2]  pub/sub channel told about the sale's changes
ARGV[3]  sale id named in the published message

Returns {code}:
  OK          set (setting the value it has already changes nothing, but still publishes)
  NOT_LOADED  the sale's keys are absent: load the sale (load-sale) and retry
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_LOADED'}
end
redis.call('HSET', KEYS[1], 'paused', ARGV[1])
local productId = redis.call('HGET', KEYS[1], 'productId')
local free = tonumber(redis.call('HGET', KEYS[2], 'free:' .. productId) or '0')
redis.call('PUBLISH', ARGV[2], cjson.encode({ saleId = ARGV[3], remaining = free, paused = ARGV[1] == '1' }))
return {'OK'}
