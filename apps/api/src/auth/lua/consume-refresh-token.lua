--[[
consume-refresh-token: rotates a refresh token in one atomic step, so two requests presenting the same token
can never both succeed, and a token presented after it was used revokes its whole family (theft detection).

KEYS[1]  {rt:<familyId>}:family  hash { userId, current }; current = SHA-256 (HMAC) of the one valid token
KEYS[2]  {rt:<familyId>}:used    set of the hashes of the family's already-used tokens
ARGV[1]  hash of the presented token
ARGV[2]  hash of the token replacing it
ARGV[3]  family lifetime in milliseconds, renewed on every rotation

Returns
  {1, userId}  rotated: the replacement is now the family's one valid token
  {0}          unknown: no such family (expired, revoked, never issued) or a token this family never issued
  {-1}         reused: the presented token had been used already; the family is now revoked
]]
local current = redis.call('HGET', KEYS[1], 'current')
if not current then
  return {0}
end
if current == ARGV[1] then
  local userId = redis.call('HGET', KEYS[1], 'userId')
  redis.call('HSET', KEYS[1], 'current', ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return {1, userId}
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {-1}
end
return {0}
