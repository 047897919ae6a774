import { createHash } from "node:crypto";

/**
 * Sliding-window counter, evaluated atomically inside Redis (one script call = one
 * check-and-increment, so concurrent requests on any number of API replicas can't both
 * take the last slot). State is one hash per identity: `w` (the current fixed window's
 * index), `c` (hits in it) and `p` (hits in the previous one). The estimate of hits in the
 * last `window` ms weights the previous window by how much of it still overlaps:
 * `p * (window - elapsed) / window + c`. Redis's own clock (TIME) is used so replicas with
 * skewed clocks agree. A denied hit writes nothing, so hammering doesn't extend a lockout.
 *
 * KEYS[1] = the identity's key; ARGV = max hits, window in ms.
 * Returns { allowed (1|0), remaining, retry-after in ms (0 when allowed) }.
 */
export const SLIDING_WINDOW_SCRIPT = `
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local index = math.floor(now / window)
local elapsed = now - index * window
local saved = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
local w = tonumber(saved[1])
local c = tonumber(saved[2]) or 0
local p = tonumber(saved[3]) or 0
if w == index - 1 then
  p = c
  c = 0
elseif w ~= index then
  p = 0
  c = 0
end
local used = p * (window - elapsed) / window + c
if used + 1 <= max then
  redis.call('HSET', KEYS[1], 'w', index, 'c', c + 1, 'p', p)
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return { 1, math.floor(max - used - 1), 0 }
end
local wait
if c + 1 <= max then
  -- the previous window's share has to decay until one slot frees up
  wait = (window - elapsed) - (max - 1 - c) * window / p
else
  -- this window is full: wait for it to end, then for its weight to fall enough
  wait = (window - elapsed) + window * (1 - (max - 1) / c)
end
return { 0, 0, math.max(1, math.ceil(wait)) }
`;

/** The script's SHA-1, for EVALSHA (the server keeps scripts cached by it). */
export const SLIDING_WINDOW_SHA = createHash("sha1").update(SLIDING_WINDOW_SCRIPT).digest("hex");
