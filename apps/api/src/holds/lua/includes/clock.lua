--[[
include clock: the one clock every API process shares.

nowMs() reads the Redis server's clock (TIME). Scripts call it before any write: Redis 7 replicates a
script's effects, not the script, so a time-dependent script stays deterministic on replicas.
]]
local function nowMs()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
