--[[
consume-refresh-token: rotates a refresh token in one atomic step, so two requests presenting the same token
can never both succeed, and a token presented after it was used revokes its whole family (theft detection).

The family's absolute end (`endsAt`, set at sign-in) is never moved: rotation renews the idle lifetime up to
it, and at it the family is gone, however often it was used (the shopper signs in again).

KEYS[1]  {rt:<familyId>}:family  hash { userId, current, endsAt }; current = SHA-256 (HMAC) of the one
         valid token, endsAt = sign-in time + the absolute session lifetime (ms)
KEYS[2]  {rt:<familyId>}:used    set of the hashes of the family's already-used tokens
ARGV[1]  hash of the presented token
ARGV[2]  hash of the token replacing it
ARGV[3]  idle lifetime in milliseconds (the refresh token's), renewed on every rotation up to endsAt
ARGV[4]  now (ms)
ARGV[5]  absolute session lifetime (ms): a family from before endsAt existed gets its end from its first
         rotation

Returns
  {1, userId}  rotated: the replacement is now the family's one valid token
  {0}          unknown: no such family (expired, ended, revoked, never issued) or a token it never issued
  {-1}         reused: the presented token had been used already; the family is now revoked
]]
local current = redis.call('HGET', KEYS[1], 'current')
if not current then
  return {0}
end
local now = tonumber(ARGV[4])
local endsAt = tonumber(redis.call('HGET', KEYS[1], 'endsAt'))
if not endsAt then
  endsAt = now + tonumber(ARGV[5])
  redis.call('HSET', KEYS[1], 'endsAt', string.format('%d', endsAt))
end
if now >= endsAt then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {0}
end
if current == ARGV[1] then
  local userId = redis.call('HGET', KEYS[1], 'userId')
  local ttl = math.min(tonumber(ARGV[3]), endsAt - now)
  redis.call('HSET', KEYS[1], 'current', ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  return {1, userId}
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {-1}
end
return {0}
