--[[
revoke-refresh-family: ends a refresh-token family (logout), but only for its owner, so a token that found
its way to another account cannot be used to sign its owner out.

KEYS[1]  {rt:<familyId>}:family  hash { userId, current }
KEYS[2]  {rt:<familyId>}:used    set of used-token hashes
ARGV[1]  id of the user asking

Returns
  1  revoked
  0  no such family, or it belongs to someone else (nothing changed)
]]
if redis.call('HGET', KEYS[1], 'userId') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
