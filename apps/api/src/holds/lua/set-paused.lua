--[[
set-paused: an admin paused or resumed a loaded sale. Mirrors MongoDB's `paused` into the sale's Redis
definition, which reserve.lua reads, and tells every API process (their event streams show it) in a sale
message (includes/holds.lua) with `paused`. A sale that is not loaded is left alone: loading it copies
`paused` from MongoDB, which has it already.

KEYS[1]  {sale:<id>}:sale   HASH definition (its presence means "loaded")
KEYS[2]  {sale:<id>}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
ARGV[1]  "1" to pause, "0" to resume
ARGV[2]  pub/sub channel told about the sale's changes
ARGV[3]  sale id named in the published message

Returns {code}:
  OK          set (setting the value it has already changes nothing, but still publishes)
  NOT_LOADED  the sale's keys are absent: load the sale (load-sale) and retry
]]
--- @include "holds"

if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOT_LOADED'}
end
redis.call('HSET', KEYS[1], 'paused', ARGV[1])
local message = saleMessage(KEYS[2], ARGV[3], redis.call('HGET', KEYS[1], 'productId'))
message.paused = ARGV[1] == '1'
redis.call('PUBLISH', ARGV[2], cjson.encode(message))
return {'OK'}
