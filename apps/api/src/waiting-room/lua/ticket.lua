--[[
ticket: a shopper's ticket as it is now (read only, but for the draw, which runs first when it is due, so
an early joiner's number is known from startsAt whichever call comes first).

KEYS[1..8] the line (see includes/line.lua)
ARGV[1]  user id
ARGV[2]  random seed for the draw (integer)

Returns {code, status, number, position, joined (ms), admitted until (ms), admitPerSecond} (see view()):
  TICKET       the shopper's ticket
  NOT_IN_LINE  {code}: the shopper has no ticket (never joined, left, or Redis lost the line)
  NOT_LOADED   {code}: the sale's keys are absent
  NO_LINE      {code}: the sale has no waiting room
]]
--- @include "holds/clock"
--- @include "line"

local now = nowMs()
if redis.call('EXISTS', K.def) == 0 then return {'NOT_LOADED'} end
local sale = saleOf()
if not sale.admissionMs then return {'NO_LINE'} end
drawIfDue(sale, now, tonumber(ARGV[2]))
local ticket = loadTicket(ARGV[1])
if not ticket then return {'NOT_IN_LINE'} end
local reply = view(sale, ARGV[1], ticket, closedStatus(sale, now), now)
table.insert(reply, 1, 'TICKET')
return reply
