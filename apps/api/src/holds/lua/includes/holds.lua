--[[
include holds: what every script that moves a hold shares, for both kinds of pool (a flash sale's keys or
the catalogue's). Key names come from the calling script's KEYS; nothing here builds one.

A pool is eight keys in one hash-tag slot, passed in this order from KEYS[first]:
  expiry    ZSET  reservation id of each ACTIVE hold, scored by its expiry (ms)
  holds     HASH  reservation id -> hold record (JSON)
  stock     HASH  per product: free:<id> (can be reserved), held:<id> (in active holds), sold:<id> (paid)
  users     HASH  user id -> units in that user's active and paid holds (the per-user limit)
  ended     ZSET  reservation id of each hold that is no longer active, scored by when (ms): pruned later
  settling  ZSET  reservation id of each hold paid or refused whose order / refund is not done, by when
  voided    ZSET  payment intent id of each hold that ended unpaid, to cancel at Stripe, by when to try
  stats     HASH  the pool's funnel, counted in the same step as each change: taken, paid, expired,
                  cancelled, refunded (holds), sold (units), rejected:<reason> (refused reserves). A sale's
                  is created with zeros when it loads; the cart pool has its own ({catalog}:stats).

A hold record:
  u  user id            k  'flash_sale' | 'cart'       c  currency
  l  lines: {{productId, quantity, unitPriceCents}, ...}
  s  status: 'active' | 'paid' | 'completed' | 'cancelled' | 'expired' | 'refunded'
  e  expiry (ms, Redis clock)    t  creation (ms)    p  when it was paid (ms), once paid
  n  units counted towards the user's per-user limit (0 for cart holds)
  pi, cs  its Stripe payment intent and client secret, once one is attached
  pp  the intent whose successful payment settled it (paid or refunded)     o  its order id, once completed

Every transition moves units between free, held and sold, so free + held + sold never changes.
]]

local function poolKeys(first)
  return { expiry = KEYS[first], holds = KEYS[first + 1], stock = KEYS[first + 2],
    users = KEYS[first + 3], ended = KEYS[first + 4], settling = KEYS[first + 5], voided = KEYS[first + 6],
    stats = KEYS[first + 7] }
end

-- Adds n (default 1) to one field of the pool's funnel.
local function count(pool, field, n)
  redis.call('HINCRBY', pool.stats, field, n or 1)
end

-- The statuses the funnel counts a hold into (completed is paid already; active is counted as taken).
local COUNTED_STATUS = { paid = true, expired = true, cancelled = true, refunded = true }

-- Moves a hold to a new status, counting the move once: setting the status it has already counts nothing.
-- A hold that becomes paid adds its units to the pool's sold units.
local function setStatus(pool, hold, status)
  if hold.s == status then return end
  hold.s = status
  if not COUNTED_STATUS[status] then return end
  count(pool, status)
  if status == 'paid' then
    local units = 0
    for _, line in ipairs(hold.l) do units = units + line[2] end
    count(pool, 'sold', units)
  end
end

-- Gives an index the safety-net expiry of the pool's holds (a sale's keys go a while after the sale).
local function keepWithHolds(pool, key)
  local expireAt = redis.call('PEXPIRETIME', pool.holds)
  if expireAt > 0 then redis.call('PEXPIREAT', key, expireAt) end
end

-- The hold stored under id, decoded, and its JSON as stored; nil when there is none.
local function loadHold(pool, id)
  local raw = redis.call('HGET', pool.holds, id)
  if not raw then
    return nil, nil
  end
  return cjson.decode(raw), raw
end

-- Stores the hold's new status; an ended hold is kept for reads a while, then pruned. The ended index
-- expires with the pool's holds (a sale's keys have a safety-net expiry; the catalogue's have none).
local function saveHold(pool, id, hold, now)
  redis.call('HSET', pool.holds, id, cjson.encode(hold))
  if hold.s ~= 'active' then
    redis.call('ZADD', pool.ended, now, id)
    keepWithHolds(pool, pool.ended)
  end
end

-- Ends an active hold: its units go back to free stock and stop counting towards the owner's limit. Its
-- payment intent, if any, is queued to be cancelled at Stripe unless voidIntent is false (an intent that
-- succeeded cannot be). The caller has removed it from the expiry index already.
local function releaseHold(pool, id, hold, finalStatus, now, voidIntent)
  for _, line in ipairs(hold.l) do
    redis.call('HINCRBY', pool.stock, 'free:' .. line[1], line[2])
    redis.call('HINCRBY', pool.stock, 'held:' .. line[1], -line[2])
  end
  if hold.n > 0 and redis.call('HINCRBY', pool.users, hold.u, -hold.n) <= 0 then
    redis.call('HDEL', pool.users, hold.u)
  end
  setStatus(pool, hold, finalStatus)
  saveHold(pool, id, hold, now)
  if hold.pi and voidIntent ~= false then
    redis.call('ZADD', pool.voided, now, hold.pi)
    keepWithHolds(pool, pool.voided)
  end
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

-- The sale message every script publishes: its free units and the units in active holds (its `held`).
local function saleMessage(stockKey, saleId, productId)
  local units = redis.call('HMGET', stockKey, 'free:' .. productId, 'held:' .. productId)
  return { saleId = saleId, remaining = tonumber(units[1] or '0'), held = tonumber(units[2] or '0') }
end

-- Tells every API process a sale's free or held units changed (an empty channel publishes nothing: the
-- catalogue).
local function publishStock(channel, saleId, pool, productId)
  if channel == '' then return end
  redis.call('PUBLISH', channel, cjson.encode(saleMessage(pool.stock, saleId, productId)))
end

local function publishLines(channel, saleId, pool, lines)
  for _, line in ipairs(lines) do publishStock(channel, saleId, pool, line[1]) end
end

local function publishTouched(channel, saleId, pool, touched)
  for productId in pairs(touched) do publishStock(channel, saleId, pool, productId) end
end
