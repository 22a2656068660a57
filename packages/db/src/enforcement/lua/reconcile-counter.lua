-- Sets a counter's booked amounts to PostgreSQL's figure, only if they are
-- still what the reconciler read (compare and set): a booking that landed in
-- between wins, and the reconciler looks again next time.
-- KEYS[1]: the counter. ARGV: read c cr t r, then target c cr t r.
-- Returns 1 when corrected, 0 when the counter changed or is gone.
if #KEYS ~= 1 or #ARGV ~= 8 then return refuse('arguments') end
for m = 1, 8 do
  if not isCount(ARGV[m]) then return refuse('amount') end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('HMGET', KEYS[1], 'c', 'cr', 't', 'r')
for m = 1, 4 do
  if v[m] ~= ARGV[m] then return 0 end
end
redis.call('HSET', KEYS[1], 'c', ARGV[5], 'cr', ARGV[6], 't', ARGV[7], 'r', ARGV[8])
return 1
