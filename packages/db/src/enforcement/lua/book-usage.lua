-- Books a committed batch of usage: releases the reservations it settles and
-- adds the batch's amounts to each counter once. A counter remembers the
-- batches booked into its generation, so a batch replayed after a crash is
-- not counted twice; a missing counter is reported, never written.
-- KEYS: n counters, then their n batch sets (<counter>:booked), then the org's reservation index.
-- ARGV: prefix, caller's now ms (Redis's own clock is used), batch id, r, r reservation ids, then per counter c cr t r.
-- Returns {'MISSING', i...} | {'OK', counters booked}.
local prefix, now, batch = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local r = tonumber(ARGV[4])
if #KEYS % 2 ~= 1 or KEYS[#KEYS] ~= prefix .. 'reservations' then return refuse('keys') end
local n = (#KEYS - 1) / 2
if not (isCount(ARGV[2]) and isId(batch) and r and r >= 0 and r == math.floor(r)) then return refuse('time, batch or count') end
if #ARGV ~= 4 + r + n * 4 then return refuse('argument count') end
for k = 1, r do
  if not isId(ARGV[4 + k]) then return refuse('reservation id') end
end
for i = 1, n do
  if KEYS[n + i] ~= KEYS[i] .. ':booked' then return refuse('batch set key') end
  for m = 1, 4 do
    local amount = ARGV[4 + r + (i - 1) * 4 + m]
    if not isCount(amount) or tonumber(amount) > MAX_AMOUNT then return refuse('amount') end
  end
end

local missing = missingCounters(n)
if missing then return missing end

now = serverNow()
releaseExpired(prefix, now)
for k = 1, r do release(prefix, ARGV[4 + k]) end
local booked = 0
for i = 1, n do
  local key, marks = KEYS[i], KEYS[n + i]
  if not redis.call('ZSCORE', marks, batch) then
    for m = 1, 4 do
      local amount = ARGV[4 + r + (i - 1) * 4 + m]
      if amount ~= '0' then
        -- Saturate rather than overflow: a full counter is over every cap.
        if tonumber(redis.call('HGET', key, SPENT[m]) or '0') + tonumber(amount) >= SATURATED then
          redis.call('HSET', key, SPENT[m], SATURATED_TEXT)
        else
          redis.call('HINCRBY', key, SPENT[m], amount)
        end
      end
    end
    redis.call('ZADD', marks, now, batch)
    local ttl = redis.call('PTTL', key)
    if ttl > 0 then redis.call('PEXPIRE', marks, ttl) end
    booked = booked + 1
  end
  -- A batch's mark is dropped once its outbox row is gone; stragglers age out.
  redis.call('ZREMRANGEBYSCORE', marks, '-inf', now - 7 * 86400000)
end
return { 'OK', booked }
