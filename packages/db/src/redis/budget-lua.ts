/*
 * Lua run atomically by Redis for budget counters. Money is in integer nano-units.
 * Increments always pass the original integer strings (Lua would print big numbers
 * as 1e+14, which HINCRBY refuses); only comparisons convert with tonumber.
 * Counter hash fields: c, cr, t, r = spent cost, credits, tokens, requests;
 * rc, rcr, rt, rr = reserved. Every key of an org shares the {org} hash tag.
 */

const NEGATE = `
local function negate(s) if s == '0' then return '0' end if string.sub(s, 1, 1) == '-' then return string.sub(s, 2) end return '-' .. s end
`;

/** Releases reservations whose time is up; needs \`prefix\` and \`now\`. */
const RELEASE_EXPIRED = `${NEGATE}
local RESERVED = { 'rc', 'rcr', 'rt', 'rr' }
local function release(id)
  local resKey = prefix .. 'reservation:' .. id
  local held = redis.call('HGETALL', resKey)
  for i = 1, #held, 2 do
    local counter = held[i]
    if redis.call('EXISTS', counter) == 1 then
      local m = 0
      for amount in string.gmatch(held[i + 1], '[^,]+') do
        m = m + 1
        redis.call('HINCRBY', counter, RESERVED[m], negate(amount))
      end
    end
  end
  redis.call('DEL', resKey)
  redis.call('ZREM', prefix .. 'reservations', id)
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'reservations', '-inf', now, 'LIMIT', 0, 100)) do release(id) end
`;

/**
 * Checks every budget, quota and per-minute rate that applies to a call and,
 * only when all allow it, reserves the estimate in each counter and counts
 * the call in each rate window.
 * KEYS: n counters, then the rate windows (hashes r, t).
 * ARGV: prefix, now ms, reservation id, expires at ms, estimate c, cr, t, r, n,
 * then per counter 7 values: mode (BLOCK | THROTTLE | PASS), limit c, cr, t, r
 * (-1 = none), warning percent, throttle per minute; then per rate window:
 * requests per minute, tokens per minute (-1 = none).
 * Returns {'MISSING', i...}, {'DENY', i, measure}, {'RATE', i, retry seconds}
 * (i counts counters first, then rate windows) or {'OK', remaining c, cr, t, r per counter}.
 */
export const AUTHORIZE_LUA = `
local prefix, now = ARGV[1], tonumber(ARGV[2])
${RELEASE_EXPIRED}
local id, expiresAt = ARGV[3], ARGV[4]
local estimate = { ARGV[5], ARGV[6], ARGV[7], ARGV[8] }
local n = tonumber(ARGV[9])
local MEASURE = { 'cost', 'credits', 'tokens', 'requests' }

local missing = {}
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i end
end
if #missing > 0 then return { 'MISSING', unpack(missing) } end

local rateBase = 9 + n * 7
for j = n + 1, #KEYS do
  local rpm, tpm = tonumber(ARGV[rateBase + (j - n - 1) * 2 + 1]), tonumber(ARGV[rateBase + (j - n - 1) * 2 + 2])
  local v = redis.call('HMGET', KEYS[j], 'r', 't')
  if (rpm >= 0 and tonumber(v[1] or '0') + 1 > rpm) or (tpm >= 0 and tonumber(v[2] or '0') + tonumber(estimate[3]) > tpm) then
    return { 'RATE', j, math.ceil((60000 - now % 60000) / 1000) }
  end
end

local remaining = {}
for i = 1, n do
  local key = KEYS[i]
  local base = 9 + (i - 1) * 7
  local mode = ARGV[base + 1]
  local v = redis.call('HMGET', key, 'c', 'cr', 't', 'r', 'rc', 'rcr', 'rt', 'rr')
  local worst = 0
  for m = 1, 4 do
    local limit = tonumber(ARGV[base + 1 + m])
    local used = tonumber(v[m] or '0') + tonumber(v[m + 4] or '0')
    local after = used + tonumber(estimate[m])
    if limit >= 0 then
      if mode == 'BLOCK' and after > limit then return { 'DENY', i, MEASURE[m] } end
      remaining[#remaining + 1] = limit - after
      if limit == 0 then worst = 1e308 else worst = math.max(worst, used * 100 / limit) end
    else
      remaining[#remaining + 1] = -1
    end
  end
  if mode == 'THROTTLE' and worst >= tonumber(ARGV[base + 6]) then
    local minute = math.floor(now / 60000)
    local rateKey = key .. ':rate:' .. minute
    local count = redis.call('INCR', rateKey)
    redis.call('PEXPIRE', rateKey, 120000)
    if count > tonumber(ARGV[base + 7]) then return { 'RATE', i, math.ceil(((minute + 1) * 60000 - now) / 1000) } end
  end
end

for j = n + 1, #KEYS do
  redis.call('HINCRBY', KEYS[j], 'r', 1)
  redis.call('HINCRBY', KEYS[j], 't', estimate[3])
  redis.call('PEXPIRE', KEYS[j], 120000)
end
local amounts = table.concat(estimate, ',')
local RESERVED = { 'rc', 'rcr', 'rt', 'rr' }
for i = 1, n do
  for m = 1, 4 do redis.call('HINCRBY', KEYS[i], RESERVED[m], estimate[m]) end
  redis.call('HSET', prefix .. 'reservation:' .. id, KEYS[i], amounts)
end
if n > 0 then
  redis.call('PEXPIREAT', prefix .. 'reservation:' .. id, tonumber(expiresAt) + 3600000)
  redis.call('ZADD', prefix .. 'reservations', expiresAt, id)
end
return { 'OK', unpack(remaining) }
`;

/**
 * Books recorded usage: releases the reservations it settles and adds the
 * actual amounts. A missing counter gets them in a pending hash merged on
 * rebuild, so usage recorded during a rebuild is never lost (at worst counted
 * twice for a moment, which errs towards blocking).
 * KEYS: counters. ARGV: prefix, now ms, n, n reservation ids, then per counter c, cr, t, r.
 */
export const SETTLE_LUA = `
local prefix, now = ARGV[1], tonumber(ARGV[2])
${RELEASE_EXPIRED}
local n = tonumber(ARGV[3])
for i = 1, n do release(ARGV[3 + i]) end
local SPENT = { 'c', 'cr', 't', 'r' }
for i, key in ipairs(KEYS) do
  local target = key
  if redis.call('EXISTS', key) == 0 then target = key .. ':pending' end
  for m = 1, 4 do redis.call('HINCRBY', target, SPENT[m], ARGV[3 + n + (i - 1) * 4 + m]) end
  if target ~= key then redis.call('PEXPIRE', target, 600000) end
end
return 'OK'
`;

/**
 * Creates a missing counter from PostgreSQL's figures: spent, the open
 * reservations holding it (re-registered so they are released later), and
 * usage booked while it was missing. 1 when built, 0 when it existed.
 * KEYS[1]: the counter. ARGV: prefix, ttl ms, spent c, cr, t, r, then per
 * reservation id, expires at ms, c, cr, t, r.
 */
export const REBUILD_LUA = `
local prefix, key = ARGV[1], KEYS[1]
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, 'c', ARGV[3], 'cr', ARGV[4], 't', ARGV[5], 'r', ARGV[6], 'rc', '0', 'rcr', '0', 'rt', '0', 'rr', '0')
local RESERVED = { 'rc', 'rcr', 'rt', 'rr' }
for i = 7, #ARGV, 6 do
  local id = ARGV[i]
  for m = 1, 4 do redis.call('HINCRBY', key, RESERVED[m], ARGV[i + 1 + m]) end
  redis.call('HSET', prefix .. 'reservation:' .. id, key, table.concat({ ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5] }, ','))
  redis.call('PEXPIREAT', prefix .. 'reservation:' .. id, tonumber(ARGV[i + 1]) + 3600000)
  redis.call('ZADD', prefix .. 'reservations', ARGV[i + 1], id)
end
local pending = redis.call('HGETALL', key .. ':pending')
for i = 1, #pending, 2 do redis.call('HINCRBY', key, pending[i], pending[i + 1]) end
redis.call('DEL', key .. ':pending')
redis.call('PEXPIRE', key, ARGV[2])
return 1
`;

