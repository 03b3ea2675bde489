--[[
revocations-since: the watermarks written since a moment, for the once-a-second poll of every API process
(pub/sub is at-most-once: the poll is what makes a missed message land anyway).

KEYS[1]  {auth}:revoked-before  hash  user id -> watermark (ms)
KEYS[2]  {auth}:revocations     zset  user id -> when its watermark was written (ms, Redis clock)
ARGV[1]  since (ms, Redis clock; 0 = every watermark still kept)

Returns {now, userId1, watermark1, userId2, watermark2, ...}; `now` (Redis clock) is the next call's `since`.
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local result = {tostring(now)}
local users = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
for _, userId in ipairs(users) do
  local before = redis.call('HGET', KEYS[1], userId)
  if before then
    result[#result + 1] = userId
    result[#result + 1] = before
  end
end
return result
