--[[
release-expired: the reaper's step for one pool (a flash sale, or the catalogue's cart holds).

Releases up to ARGV[1] holds whose expiry has passed by the Redis clock: each leaves the expiry index, its
units go back to free stock, it stops counting towards its owner's per-user limit and its status becomes
'expired', all in one atomic step. Any number of processes may run this at once: each hold is released
exactly once. Then forgets up to ARGV[1] holds that ended more than ARGV[2] ms ago (except those still
settling a payment). Missing keys (a pool never loaded, or lost) release nothing.

KEYS[1..8]  the pool: expiry, holds, stock, users, ended, settling, voided, stats (see includes/holds.lua)
ARGV[1]  most holds to release (and to forget) in this call
ARGV[2]  how long an ended hold stays readable (ms)
ARGV[3]  pub/sub channel told about stock changes, or "" (the catalogue publishes nothing)
ARGV[4]  sale id named in the published message, or ""

Returns the number of holds released (a full batch means more may be waiting).
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
local limit = tonumber(ARGV[1])
local released, touched = releaseExpired(pool, now, limit)
publishTouched(ARGV[3], ARGV[4], pool, touched)

local forgotten = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', pool.ended, '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, limit)) do
  if redis.call('ZSCORE', pool.settling, id) then
    -- Paid but its order not written yet: the payments reconciler still needs it. Looked at again later.
    redis.call('ZADD', pool.ended, now, id)
  else
    forgotten[#forgotten + 1] = id
  end
end
if #forgotten > 0 then
  redis.call('HDEL', pool.holds, unpack(forgotten))
  redis.call('ZREM', pool.ended, unpack(forgotten))
end
return released
