--[[
claim-voided: hands out intents of holds that ended unpaid, for cancelling at Stripe. Each claimed intent
stays in the index with its score pushed a lease ahead: the claimer removes it once Stripe has answered,
and if it fails or dies the intent is handed out again after the lease. Any number of processes may call
this at once: an intent goes to one of them per lease.

KEYS[1]  the pool's voided ZSET: payment intent id -> when it may be (re)tried (ms)
ARGV[1]  most intents to hand out
ARGV[2]  lease (ms)

Returns the claimed payment intent ids.
]]
--- @include "clock"

local now = nowMs()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
end
return ids
