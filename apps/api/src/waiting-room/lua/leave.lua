--[[
leave: takes a shopper out of a sale's line. An admission not used yet is given up: the unit it covered
counts as free again for the next admission (admit.lua caps unused admissions by free units).

KEYS[1..8] the line (see includes/line.lua)
ARGV[1]  user id

Returns {code}:
  LEFT         the ticket is gone
  NOT_IN_LINE  there was none
]]
--- @include "line"

local userId = ARGV[1]
local ticket = loadTicket(userId)
if not ticket then return {'NOT_IN_LINE'} end
if ticket.s == 'waiting' then
  redis.call('SREM', K.early, userId)
  redis.call('ZREM', K.waiting, userId)
elseif ticket.s == 'admitted' then
  redis.call('ZREM', K.admitted, userId)
end
redis.call('HDEL', K.tickets, userId)
return {'LEFT'}
