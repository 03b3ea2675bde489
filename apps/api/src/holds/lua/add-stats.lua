--[[
add-stats: adds counts an API process kept itself to a loaded sale's stats: the reserves it refused without
Redis (its local sold-out flag), gathered for about a second. A sale that is not loaded is left alone, so
a late batch never leaves a stats hash without its sale (and without an expiry).

KEYS[1]  {sale:<id>}:sale   HASH definition (its presence means "loaded")
KEYS[2]  {sale:<id>}:stats  HASH the sale's funnel (see includes/holds.lua)
ARGV[1..] pairs: field (e.g. rejected:sold_out), count to add

Returns 1 when added, 0 when the sale is not loaded.
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 1, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
