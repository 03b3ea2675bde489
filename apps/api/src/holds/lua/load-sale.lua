--[[
load-sale: puts a flash sale's live counters into Redis from what MongoDB knows (its definition and its
sold units), unless they are there already. Runs when a sale is created, at start-up and whenever a script
answered NOT_LOADED (Redis lost its data): any number of processes may race to load the same sale, the
first one loads it and the others change nothing, so counters are never reset under live traffic.

KEYS[1]  {sale:<id>}:sale   HASH definition (its presence means "loaded"), `paused` included
KEYS[2]  {sale:<id>}:stock  HASH free:<productId> / held:<productId> / sold:<productId>
KEYS[3]  {sale:<id>}:users  HASH user id -> units counted towards the per-user limit
KEYS[4]  {sale:<id>}:stats  HASH the sale's funnel (see includes/holds.lua): created with zeros
ARGV[1]  product id           ARGV[2]  quantity            ARGV[3]  units sold already (orders)
ARGV[4]  startsAt (ms)        ARGV[5]  endsAt (ms)         ARGV[6]  perUserLimit
ARGV[7]  hold lifetime (ms)   ARGV[8]  sale price (cents)  ARGV[9]  currency
ARGV[10] purgeAt (ms): when the keys may go (safety net, never the mechanism)
ARGV[11] pub/sub channel told about stock changes
ARGV[12] sale id named in the published message
ARGV[13] "1" when an admin paused the sale (MongoDB's `paused`), else "0"
ARGV[14] the waiting room "<admitPerSecond>:<admissionMs>", or "" for a sale without one
ARGV[15..] pairs: user id, units that user bought already

Returns {code, free units}:
  LOADED          the counters were absent and are loaded now
  ALREADY_LOADED  they were there: nothing changed
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local productId = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'ALREADY_LOADED', tonumber(redis.call('HGET', KEYS[2], 'free:' .. productId) or '0')}
end

local quantity, sold = tonumber(ARGV[2]), tonumber(ARGV[3])
local free = math.max(quantity - sold, 0)
-- A rebuild can happen long after the sale: keep the keys a while even when purgeAt has passed.
local purgeAt = math.max(tonumber(ARGV[10]), now + 3600000)
redis.call('HSET', KEYS[1], 'productId', productId, 'quantity', quantity, 'startsAt', ARGV[4],
  'endsAt', ARGV[5], 'perUserLimit', ARGV[6], 'ttlMs', ARGV[7], 'priceCents', ARGV[8],
  'currency', ARGV[9], 'purgeAt', purgeAt, 'paused', ARGV[13], 'loadedAt', now)
redis.call('HSET', KEYS[2], 'free:' .. productId, free, 'held:' .. productId, 0, 'sold:' .. productId, sold)
if ARGV[14] ~= '' then
  local rate, admissionMs = string.match(ARGV[14], '^(%d+):(%d+)$')
  redis.call('HSET', KEYS[1], 'admitPerSecond', rate, 'admissionMs', admissionMs)
end
for i = 15, #ARGV, 2 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
end
-- Every field present from the start (zeros), keeping any count that got there first.
for _, field in ipairs({'taken', 'paid', 'expired', 'cancelled', 'refunded', 'sold', 'rejected:sold_out',
    'rejected:limit_reached', 'rejected:not_active', 'rejected:rate_limited'}) do
  redis.call('HINCRBY', KEYS[4], field, 0)
end
for i = 1, 4 do
  redis.call('PEXPIREAT', KEYS[i], purgeAt)
end
publishStock(ARGV[11], ARGV[12], { stock = KEYS[2] }, productId)
return {'LOADED', free}
