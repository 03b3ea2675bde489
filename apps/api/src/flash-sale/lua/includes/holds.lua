--[[
include holds: what every script that moves a hold shares, for both kinds of pool (a flash sale's keys or
the catalogue's). Key names come from the calling script's KEYS; nothing here builds one.

A pool is five keys in one hash-tag slot, passed in this order from KEYS[first]:
  expiry  ZSET  reservation id of each ACTIVE hold, scored by its expiry (ms)
  holds   HASH  reservation id -> hold record (JSON)
  stock   HASH  per product: free:<id> (can be reserved), held:<id> (in active holds), sold:<id> (paid)
  users   HASH  user id -> units in that user's active and paid holds (the per-user limit)
  ended   ZSET  reservation id of each hold that is no longer active, scored by when (ms): pruned later

A hold record:
  u  user id            k  'flash_sale' | 'cart'       c  currency
  l  lines: {{productId, quantity, unitPriceCents}, ...}
  s  status: 'active' | 'paid' | 'cancelled' | 'expired'
  e  expiry (ms, Redis clock)    t  creation (ms)    p  when it was paid (ms), once paid
  n  units counted towards the user's per-user limit (0 for cart holds)

Every transition moves units between free, held and sold, so free + held + sold never changes.
]]

local function poolKeys(first)
  return { expiry = KEYS[first], holds = KEYS[first + 1], stock = KEYS[first + 2],
    users = KEYS[first + 3], ended = KEYS[first + 4] }
end

-- Stores the hold's new status; an ended hold is kept for reads a while, then pruned. The ended index
-- expires with the pool's holds (a sale's keys have a safety-net expiry; the catalogue's have none).
local function saveHold(pool, id, hold, now)
  redis.call('HSET', pool.holds, id, cjson.encode(hold))
  if hold.s ~= 'active' then
    redis.call('ZADD', pool.ended, now, id)
    local expireAt = redis.call('PEXPIRETIME', pool.holds)
    if expireAt > 0 then redis.call('PEXPIREAT', pool.ended, expireAt) end
  end
end

-- Ends an active hold: its units go back to free stock and stop counting towards the owner's limit.
-- The caller has removed it from the expiry index already.
local function releaseHold(pool, id, hold, finalStatus, now)
  for _, line in ipairs(hold.l) do
    redis.call('HINCRBY', pool.stock, 'free:' .. line[1], line[2])
    redis.call('HINCRBY', pool.stock, 'held:' .. line[1], -line[2])
  end
  if hold.n > 0 and redis.call('HINCRBY', pool.users, hold.u, -hold.n) <= 0 then
    redis.call('HDEL', pool.users, hold.u)
  end
  hold.s = finalStatus
  saveHold(pool, id, hold, now)
end

-- Releases up to `limit` active holds whose expiry is at or before `now`, oldest first. Returns how many
-- and the set of product ids whose free stock changed. Each hold leaves the index in the same atomic step
-- that returns its stock, so however many processes run this at once, each is released exactly once.
local function releaseExpired(pool, now, limit)
  local ids = redis.call('ZRANGEBYSCORE', pool.expiry, '-inf', now, 'LIMIT', 0, limit)
  local touched = {}
  for _, id in ipairs(ids) do
    redis.call('ZREM', pool.expiry, id)
    local raw = redis.call('HGET', pool.holds, id)
    if raw then
      local hold = cjson.decode(raw)
      if hold.s == 'active' then
        releaseHold(pool, id, hold, 'expired', now)
        for _, line in ipairs(hold.l) do touched[line[1]] = true end
      end
    end
  end
  return #ids, touched
end

-- Tells every API process a sale's free stock changed (an empty channel publishes nothing: the catalogue).
local function publishFree(channel, saleId, pool, productId)
  if channel == '' then return end
  local free = tonumber(redis.call('HGET', pool.stock, 'free:' .. productId) or '0')
  redis.call('PUBLISH', channel, cjson.encode({ saleId = saleId, remaining = free }))
end

local function publishLines(channel, saleId, pool, lines)
  for _, line in ipairs(lines) do publishFree(channel, saleId, pool, line[1]) end
end

local function publishTouched(channel, saleId, pool, touched)
  for productId in pairs(touched) do publishFree(channel, saleId, pool, productId) end
end
