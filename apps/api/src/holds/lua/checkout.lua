--[[
checkout: holds every line of a cart at once, all or nothing, from the catalogue's free stock. Lapsed cart
holds are released first (up to ARGV[5]). If any product is not loaded, or any line asks for more than is
free, nothing is held.

KEYS[1..8]  the catalogue's pool: expiry, holds, stock, users, ended, settling, voided, stats
            (see includes/holds.lua)
ARGV[1]  user id            ARGV[2]  id of the new reservation
ARGV[3]  hold lifetime (ms) ARGV[4]  currency
ARGV[5]  how many lapsed holds to release first
ARGV[6..] triples: product id, quantity (>= 1), unit price (cents); each product at most once

Returns:
  {'OK', reservation id, hold record JSON}
  {'NOT_LOADED', productId, ...}   these products' counters are absent: load them and retry
  {'SOLD_OUT', productId}          this line asks for more than is free
The pool's stats count a hold taken, or a refusal (rejected:sold_out).
]]
--- @include "clock"
--- @include "holds"

local now = nowMs()
local pool = poolKeys(1)
releaseExpired(pool, now, tonumber(ARGV[5]))

local lines, missing = {}, {'NOT_LOADED'}
for i = 6, #ARGV, 3 do
  local line = {ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])}
  lines[#lines + 1] = line
  local free = redis.call('HGET', pool.stock, 'free:' .. line[1])
  if not free then
    missing[#missing + 1] = line[1]
  elseif #missing == 1 and tonumber(free) < line[2] then
    count(pool, 'rejected:sold_out')
    return {'SOLD_OUT', line[1]}
  end
end
if #missing > 1 then
  return missing
end

local hold = {u = ARGV[1], k = 'cart', c = ARGV[4], s = 'active', n = 0, t = now,
  e = now + tonumber(ARGV[3]), l = lines}
local record = cjson.encode(hold)
for _, line in ipairs(lines) do
  redis.call('HINCRBY', pool.stock, 'free:' .. line[1], -line[2])
  redis.call('HINCRBY', pool.stock, 'held:' .. line[1], line[2])
end
redis.call('HSET', pool.holds, ARGV[2], record)
redis.call('ZADD', pool.expiry, hold.e, ARGV[2])
count(pool, 'taken')
return {'OK', ARGV[2], record}
