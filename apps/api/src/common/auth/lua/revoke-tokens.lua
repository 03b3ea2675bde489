--[[
revoke-tokens: raises one user's access-token watermark (tokens issued at or before it are refused), records
when, tells every API process at once, and forgets watermarks older than any token they could still refuse.

KEYS[1]  {auth}:revoked-before  hash  user id -> watermark (ms)
KEYS[2]  {auth}:revocations     zset  user id -> when its watermark was written (ms, Redis clock)
ARGV[1]  user id
ARGV[2]  watermark (ms since the epoch; 9007199254740991 = forever)
ARGV[3]  retention (ms): a watermark written longer ago than this refuses nothing any more (tokens expire)
ARGV[4]  pub/sub channel

Returns the user's watermark now (a watermark only ever rises).
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local before = ARGV[2]
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and tonumber(current) > tonumber(before) then
  before = current
end
redis.call('HSET', KEYS[1], ARGV[1], before)
redis.call('ZADD', KEYS[2], now, ARGV[1])
-- Bounded work per call: a backlog is cleared over the next revocations.
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]), 'LIMIT', 0, 1000)
for _, userId in ipairs(expired) do
  redis.call('HDEL', KEYS[1], userId)
  redis.call('ZREM', KEYS[2], userId)
end
redis.call('PUBLISH', ARGV[4], ARGV[1] .. ' ' .. before)
return before
