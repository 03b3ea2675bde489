--[[
include throttle: fixed-window rate limits counted inside the script that does a route's work, so a limited
request costs no round trip of its own. Every counter is passed in KEYS (in the script's own hash tag).

A limit's counter holds its hits in the current window and expires with the window. The hit that goes over
the limit makes the counter last one more window from then: while it is over, the client is refused and
the counter's TTL is the wait; when it expires, counting starts afresh.
]]

-- Counts one request against each limit in turn: KEYS[firstKey + i] is the counter of limit i (0-based),
-- ARGV[firstArg + 2i] its limit and ARGV[firstArg + 2i + 1] its window (ms); there are as many limits as
-- keys from firstKey on. Returns nil when every limit lets the request through; else the (1-based) number
-- of the limit that refused it and the ms to wait. Limits after a refusing one are not counted.
local function throttle(firstKey, firstArg)
  local i = 0
  while KEYS[firstKey + i] do
    local key = KEYS[firstKey + i]
    local limit = tonumber(ARGV[firstArg + 2 * i])
    local windowMs = tonumber(ARGV[firstArg + 2 * i + 1])
    local hits = redis.call('INCR', key)
    if hits == 1 or hits == limit + 1 then
      redis.call('PEXPIRE', key, windowMs)
    end
    if hits > limit then
      local waitMs = redis.call('PTTL', key)
      if waitMs < 0 then
        redis.call('PEXPIRE', key, windowMs)
        waitMs = windowMs
      end
      return i + 1, waitMs
    end
    i = i + 1
  end
  return nil
end
