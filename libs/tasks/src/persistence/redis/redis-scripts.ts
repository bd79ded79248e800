/**
 * RUN_ARGS, the arguments that describe a new run to the scripts that record one: run id, its
 * member in the task's run index, scheduledFor (ms), enqueuedAt (ms), then its field/value pairs.
 *
 * Lua scripts for the Redis task store: each runs atomically on the server. Values in task and
 * run hashes are JSON (`"active"`, `1795882176000`, `null`), so the scripts compare raw strings
 * and never decode numbers.
 */

/**
 * KEYS: task, active index, schedule. ARGV: id, expected version, then field/value pairs.
 * Returns the task, or nil when it is gone or its version moved on.
 */
export const UPDATE_TASK = `
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] then return false end
redis.call('HINCRBY', KEYS[1], 'version', 1)
if #ARGV > 2 then redis.call('HSET', KEYS[1], unpack(ARGV, 3)) end
local status = redis.call('HGET', KEYS[1], 'status')
local nextRunAt = redis.call('HGET', KEYS[1], 'nextRunAt')
if status == '"active"' then
  redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'createdAt'), ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if status == '"active"' and nextRunAt ~= 'null' then
  redis.call('ZADD', KEYS[3], nextRunAt, ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`;

/**
 * KEYS: task, every task index (all, by type, active, schedule), the task's runs, unfinished runs.
 * ARGV: id, run key prefix. Returns 1 when the task existed.
 */
export const DELETE_TASK = `
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
for index = 2, #KEYS - 2 do redis.call('ZREM', KEYS[index], ARGV[1]) end
local runs = KEYS[#KEYS - 1]
for _, member in ipairs(redis.call('ZRANGE', runs, 0, -1)) do
  local runId = string.match(member, ':(.*)$')
  redis.call('DEL', ARGV[2] .. runId)
  redis.call('ZREM', KEYS[#KEYS], runId)
end
redis.call('DEL', runs)
return 1
`;

/**
 * KEYS: task, active index, schedule, the task's runs, unfinished runs, run.
 * ARGV: task id, expected nextRunAt, new nextRunAt, new status, then the run (see RUN_ARGS).
 * Claims only while the task is active and still due at the expected time.
 */
export const CLAIM_OCCURRENCE = `
if redis.call('HGET', KEYS[1], 'status') ~= '"active"' then return false end
if redis.call('HGET', KEYS[1], 'nextRunAt') ~= ARGV[2] then return false end
redis.call('HSET', KEYS[6], unpack(ARGV, 9))
redis.call('ZADD', KEYS[4], ARGV[7], ARGV[6])
redis.call('ZADD', KEYS[5], ARGV[8], ARGV[5])
redis.call('HINCRBY', KEYS[1], 'runCount', 1)
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[3], 'status', ARGV[4], 'lastRunAt', ARGV[8], 'updatedAt', ARGV[8])
if ARGV[3] == 'null' then
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: task, the task's runs, unfinished runs, run. ARGV: the run (see RUN_ARGS). */
export const RECORD_MANUAL_RUN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[4], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'runCount', 1)
redis.call('HSET', KEYS[1], 'lastRunAt', ARGV[4], 'updatedAt', ARGV[4])
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: run. ARGV: startedAt, take over ('1' or '0'). */
export const START_RUN = `
local status = redis.call('HGET', KEYS[1], 'status')
if status == '"running"' and ARGV[2] == '1' then
  redis.call('HINCRBY', KEYS[1], 'attempt', 1)
elseif status ~= '"queued"' then
  return false
end
redis.call('HSET', KEYS[1], 'status', '"running"', 'startedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: run, unfinished runs. ARGV: run id, then the outcome's field/value pairs. */
export const FINISH_RUN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: run. */
export const REQUEUE_RUN = `
if redis.call('HGET', KEYS[1], 'status') ~= '"running"' then return false end
redis.call('HINCRBY', KEYS[1], 'attempt', 1)
redis.call('HSET', KEYS[1], 'status', '"queued"', 'startedAt', 'null')
return redis.call('HGETALL', KEYS[1])
`;
