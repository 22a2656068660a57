-- Shared by every enforcement script (prepended when loaded). A script checks
-- all of its arguments with these before its first write, and refuses with an
-- error reply that leaves Redis untouched.
--
-- Keys of an org: <prefix> = '<deployment>:{<org>}:' (one hash slot per org)
--   <counter>            hash  c cr t r = booked cost, credits, tokens, requests
--                              rc rcr rt rr = reserved, g = generation
--   <counter>:booked     zset  batch ids booked into this generation (score: ms)
--   <counter>:rate:<min> int   calls this minute of a THROTTLE counter
--   <prefix>reservation:<id>  hash  counter -> '<generation>:c,cr,t,r'
--   <prefix>reservations      zset  reservation id -> expires at (ms)
-- Cost and credits are whole nano-units, every amount a decimal string.

local RESERVED = { 'rc', 'rcr', 'rt', 'rr' }
local SPENT = { 'c', 'cr', 't', 'r' }
-- An amount is at most 18 digits; sums saturate (book) or are refused (authorize) long before 64 bits overflow.
local MAX_AMOUNT = 1e18
-- Booked amounts stop here (see SATURATED_UNITS in core).
local SATURATED_TEXT = '999999999999999999'
local SATURATED = 1e18 - 1e3

local function isCount(s)
  return type(s) == 'string' and #s <= 18 and string.match(s, '^%d+$') ~= nil
end
-- A number only compared, never written: tonumber is enough (and far cheaper than a pattern).
local function isWhole(s)
  local v = tonumber(s)
  return v ~= nil and v >= 0 and v < 1e18 and v == math.floor(v)
end
local function isCap(s)
  return s == '-1' or isWhole(s)
end
local function isId(s)
  return type(s) == 'string' and #s >= 1 and #s <= 64 and string.match(s, '^[%w%-]+$') ~= nil
end
local function refuse(what)
  return redis.error_reply('TOLLGATE_BAD_ARGUMENTS ' .. what)
end

-- A counter Redis lacks is never taken as zero: the caller rebuilds it from PostgreSQL and asks again.
local function missingCounters(n)
  local missing = {}
  for i = 1, n do
    if redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i end
  end
  if #missing > 0 then return { 'MISSING', unpack(missing) } end
  return nil
end

-- Time is Redis's own: callers' clocks may disagree, and an early expiry would free room still reserved.
local function serverNow()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Takes a reservation out of each counter generation it is counted in; a
-- counter rebuilt since (another generation) never held it and is left alone.
local function release(prefix, id)
  local resKey = prefix .. 'reservation:' .. id
  local held = redis.call('HGETALL', resKey)
  for i = 1, #held, 2 do
    local counter = held[i]
    local generation, amounts = string.match(held[i + 1], '^([^:]*):(.*)$')
    if generation and redis.call('HGET', counter, 'g') == generation then
      local m = 0
      for amount in string.gmatch(amounts, '[^,]+') do
        m = m + 1
        if amount ~= '0' then redis.call('HINCRBY', counter, RESERVED[m], '-' .. amount) end
      end
    end
  end
  redis.call('DEL', resKey)
  redis.call('ZREM', prefix .. 'reservations', id)
end

local function releaseExpired(prefix, now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'reservations', '-inf', now, 'LIMIT', 0, 100)) do
    release(prefix, id)
  end
end
