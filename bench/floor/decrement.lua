--[[
decrement: the floor's whole job, one unit taken from a counter while any is left. The smallest atomic
reserve there is, so the bench can tell what Node's http plus one EVALSHA costs on this machine.

KEYS[1]  the floor's counter (a STRING holding an integer)

Returns the units left after taking one, or -1 when none was left.
]]
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
if left <= 0 then
  return -1
end
return redis.call('DECR', KEYS[1])
