-- Checks every limit and per-minute rate of a call and, only when all allow
-- it, reserves the estimate in each counter and counts the call in each rate
-- window. A reservation a rebuild has already counted (it was durable in
-- PostgreSQL first) is checked as it stands, not added twice. PASS counters
-- (WARN, NOTIFY) count usage only and hold no reservations; a counter holds
-- reservations only of the measures it caps.
-- KEYS: n counters, then rate windows (hashes r, t), then the org's reservation index
--   (<prefix>reservations; named so a Cluster runs the script on the org's node even without counters).
-- ARGV: prefix, caller's now ms, reservation id, expires at ms by the caller's clock (kept as a time
--   to live on Redis's clock), estimate c cr t r, n,
--   then per counter: mode (BLOCK | THROTTLE | PASS), caps c cr t r (-1 = none),
--   warning percent, throttle per minute; then per rate window: requests and
--   tokens per minute (-1 = none).
-- Returns {'MISSING', i...} | {'DENY', i, measure} | {'RATE', i, retry s}
--   (i counts counters, then rate windows) | {'OK', remaining c cr t r per counter}.
local prefix, now, id, expiresAt = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local n = tonumber(ARGV[9])
if not (n and n >= 0 and n <= #KEYS and n == math.floor(n)) then return refuse('counter count') end
local rates = #KEYS - n - 1
if rates < 0 or KEYS[#KEYS] ~= prefix .. 'reservations' then return refuse('reservation index key') end
if #ARGV ~= 9 + n * 7 + rates * 2 then return refuse('argument count') end
if not (isCount(ARGV[2]) and isCount(ARGV[4]) and isId(id)) then return refuse('time or id') end
local estimate = {}
for m = 1, 4 do
  if not isCount(ARGV[4 + m]) or tonumber(ARGV[4 + m]) > MAX_AMOUNT then return refuse('estimate') end
  estimate[m] = ARGV[4 + m]
end
for i = 1, n do
  local base = 9 + (i - 1) * 7
  local mode = ARGV[base + 1]
  if mode ~= 'BLOCK' and mode ~= 'THROTTLE' and mode ~= 'PASS' then return refuse('mode') end
  for m = 1, 4 do
    if not isCap(ARGV[base + 1 + m]) then return refuse('cap') end
  end
  if not (tonumber(ARGV[base + 6]) and isWhole(ARGV[base + 7])) then return refuse('throttle') end
end
for j = 1, rates do
  local base = 9 + n * 7 + (j - 1) * 2
  if not (isCap(ARGV[base + 1]) and isCap(ARGV[base + 2])) then return refuse('rate') end
end

local missing = missingCounters(n)
if missing then return missing end

-- The caller's times move onto Redis's clock: the reservation keeps the time to live it was given.
local callerNow = now
now = serverNow()
expiresAt = string.format('%d', tonumber(expiresAt) - callerNow + now)
releaseExpired(prefix, now)
local resKey = prefix .. 'reservation:' .. id
-- Only a retry after a rebuild can find its own reservation already counted.
local seen = redis.call('EXISTS', resKey) == 1
local minute = math.floor(now / 60000)
local retry = math.ceil(((minute + 1) * 60000 - now) / 1000)

-- Decide first, write after: a refusal leaves nothing behind.
for j = 1, rates do
  local base = 9 + n * 7 + (j - 1) * 2
  local rpm, tpm = tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2])
  local v = redis.call('HMGET', KEYS[n + j], 'r', 't')
  if (rpm >= 0 and tonumber(v[1] or '0') + 1 > rpm) or (tpm >= 0 and tonumber(v[2] or '0') + tonumber(estimate[3]) > tpm) then
    return { 'RATE', n + j, retry }
  end
end

local MEASURE = { 'cost', 'credits', 'tokens', 'requests' }
local remaining, included, throttled, generations = {}, {}, {}, {}
local refusal = nil
for i = 1, n do
  local key, base = KEYS[i], 9 + (i - 1) * 7
  local mode = ARGV[base + 1]
  local v = redis.call('HMGET', key, 'c', 'cr', 't', 'r', 'rc', 'rcr', 'rt', 'rr', 'g')
  generations[i] = v[9] or ''
  local held = seen and redis.call('HGET', resKey, key)
  included[i] = held and string.match(held, '^([^:]*):') == generations[i]
  local worst = 0
  for m = 1, 4 do
    local cap = tonumber(ARGV[base + 1 + m])
    local used = tonumber(v[m] or '0') + tonumber(v[m + 4] or '0')
    local after = used
    if not included[i] then after = after + tonumber(estimate[m]) end
    if after > 4e18 then return refuse('counter overflow') end
    if cap >= 0 then
      if mode == 'BLOCK' and after > cap then
        refusal = { 'DENY', i, MEASURE[m] }
        break
      end
      remaining[#remaining + 1] = cap - after
      if cap == 0 then worst = 1e308 else worst = math.max(worst, used * 100 / cap) end
    else
      remaining[#remaining + 1] = -1
    end
  end
  if refusal then break end
  if mode == 'THROTTLE' and worst >= tonumber(ARGV[base + 6]) then
    local rateKey = key .. ':rate:' .. minute
    if tonumber(redis.call('GET', rateKey) or '0') + 1 > tonumber(ARGV[base + 7]) then
      refusal = { 'RATE', i, retry }
      break
    end
    throttled[#throttled + 1] = rateKey
  end
end
if refusal then
  -- A refused call holds nothing, even where a rebuild had counted its reservation.
  if seen then release(prefix, id) end
  return refusal
end

for _, rateKey in ipairs(throttled) do
  redis.call('INCR', rateKey)
  redis.call('PEXPIRE', rateKey, 120000)
end
for j = 1, rates do
  redis.call('HINCRBY', KEYS[n + j], 'r', 1)
  redis.call('HINCRBY', KEYS[n + j], 't', estimate[3])
  redis.call('PEXPIRE', KEYS[n + j], 120000)
end
local held = {}
-- A PASS counter only counts usage, and an uncapped measure refuses nothing: neither holds reservations.
for i = 1, n do
  local base = 9 + (i - 1) * 7
  if not included[i] and ARGV[base + 1] ~= 'PASS' then
    local amounts = {}
    for m = 1, 4 do
      amounts[m] = '0'
      if estimate[m] ~= '0' and ARGV[base + 1 + m] ~= '-1' then
        redis.call('HINCRBY', KEYS[i], RESERVED[m], estimate[m])
        amounts[m] = estimate[m]
      end
    end
    held[#held + 1] = KEYS[i]
    held[#held + 1] = generations[i] .. ':' .. table.concat(amounts, ',')
  end
end
if #held > 0 then redis.call('HSET', resKey, unpack(held)) end
if n > 0 then
  redis.call('PEXPIREAT', resKey, tonumber(expiresAt) + 3600000)
  redis.call('ZADD', prefix .. 'reservations', expiresAt, id)
end
return { 'OK', unpack(remaining) }
