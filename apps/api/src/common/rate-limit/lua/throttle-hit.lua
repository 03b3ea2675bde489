--[[
throttle-hit: counts one request against a fixed-window limit and blocks the key once it goes over, in one
atomic step, so every API process sharing this Redis sees one count.

KEYS[1]  {rl:<throttle key>}:hits   request count of the current window (expires with the window)
KEYS[2]  {rl:<throttle key>}:block  present while the key is blocked (expires when the block ends)
ARGV[1]  window length in milliseconds
ARGV[2]  limit: requests allowed per window
ARGV[3]  block length in milliseconds

Returns {totalHits, windowMsLeft, blocked, blockMsLeft}
  blocked = 0: the request counts and may pass (blockMsLeft = 0)
  blocked = 1: over the limit, refuse it; blockMsLeft is the wait (Retry-After), totalHits = limit + 1
]]
local limit = tonumber(ARGV[2])
local blockMs = redis.call('PTTL', KEYS[2])
if blockMs > 0 then
  return {limit + 1, 0, 1, blockMs}
end
local hits = redis.call('INCR', KEYS[1])
local windowMs = redis.call('PTTL', KEYS[1])
if windowMs < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowMs = tonumber(ARGV[1])
end
if hits > limit then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  -- The block replaces the window: once it ends, counting starts afresh.
  redis.call('DEL', KEYS[1])
  return {hits, 0, 1, tonumber(ARGV[3])}
end
return {hits, windowMs, 0, 0}
