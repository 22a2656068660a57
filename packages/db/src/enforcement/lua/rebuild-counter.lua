-- Creates a missing counter from one PostgreSQL snapshot: the usage booked in
-- its window, the batches of that usage whose booking may still be running
-- (marked booked, so they are not added again), and the open reservations
-- holding it (registered, so they are released later). A new generation
-- makes reservations of an earlier one leave this counter alone.
-- KEYS[1]: the counter, KEYS[2]: its batch set, KEYS[3]: the org's reservation index.
-- ARGV: prefix, now ms, ttl ms, generation, spent c cr t r, b, b batch ids,
--   then per reservation: id, expires at ms, c cr t r.
-- Returns 1 when built, 0 when the counter existed.
local prefix, now, ttl, generation = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local b = tonumber(ARGV[9])
if #KEYS ~= 3 or KEYS[2] ~= KEYS[1] .. ':booked' or KEYS[3] ~= prefix .. 'reservations' then return refuse('keys') end
if not (isCount(now) and isCount(ttl) and tonumber(ttl) > 0 and isId(generation) and b and b >= 0 and b == math.floor(b)) then return refuse('header') end
for m = 5, 8 do
  if not isCount(ARGV[m]) then return refuse('spent') end
end
for k = 1, b do
  if not isId(ARGV[9 + k]) then return refuse('batch id') end
end
local first = 10 + b
if (#ARGV - first + 1) % 6 ~= 0 then return refuse('reservations') end
for i = first, #ARGV, 6 do
  if not (isId(ARGV[i]) and isCount(ARGV[i + 1])) then return refuse('reservation') end
  for m = 2, 5 do
    if not isCount(ARGV[i + m]) or tonumber(ARGV[i + m]) > MAX_AMOUNT then return refuse('reservation amount') end
  end
end

local key, marks = KEYS[1], KEYS[2]
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, 'c', ARGV[5], 'cr', ARGV[6], 't', ARGV[7], 'r', ARGV[8], 'rc', '0', 'rcr', '0', 'rt', '0', 'rr', '0', 'g', generation)
redis.call('DEL', marks)
now = serverNow()
for k = 1, b do redis.call('ZADD', marks, now, ARGV[9 + k]) end
for i = first, #ARGV, 6 do
  local id, expiresAt = ARGV[i], ARGV[i + 1]
  for m = 1, 4 do
    if ARGV[i + 1 + m] ~= '0' then redis.call('HINCRBY', key, RESERVED[m], ARGV[i + 1 + m]) end
  end
  local resKey = prefix .. 'reservation:' .. id
  redis.call('HSET', resKey, key, generation .. ':' .. table.concat({ ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5] }, ','))
  redis.call('PEXPIREAT', resKey, tonumber(expiresAt) + 3600000)
  redis.call('ZADD', prefix .. 'reservations', expiresAt, id)
end
redis.call('PEXPIRE', key, ttl)
if b > 0 then redis.call('PEXPIRE', marks, ttl) end
return 1
