-- wrk script: records one conversation per request through the API, the shape the benchmark compares with
-- record.pgbench: three participants, two guidelines and one fear, among the generated organisation's people.
-- Needs RADAR_TOKEN, RADAR_ORG and RADAR_PEOPLE (how many person<N>@synthetic.example exist) in the environment.

local token = os.getenv("RADAR_TOKEN")
local org = os.getenv("RADAR_ORG")
local people = tonumber(os.getenv("RADAR_PEOPLE") or "1000")
local counter = 0
local threads = 0

-- Runs once per thread in the main state: number the threads so their refs and random draws differ.
function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

function init(args)
    math.randomseed(os.time() * 100 + thread_id)
    wrk.method = "POST"
    wrk.path = "/api/v1/orgs/" .. org .. "/conversations"
    wrk.headers["Authorization"] = "Bearer " .. token
    wrk.headers["Content-Type"] = "application/json"
end

local function person()
    return "person" .. math.random(1, people) .. "@synthetic.example"
end

function request()
    counter = counter + 1
    local a, b, c = person(), person(), person()
    while b == a do b = person() end
    while c == a or c == b do c = person() end
    local body = string.format([[{"ref":"wrk-%s-%d-%d","occurred_at":"2026-05-20T10:00:00Z","kind":"group",
"initiated_by":"%s","participants":[{"email":"%s","attendance":"attended","engagement":"neutral"},
{"email":"%s","attendance":"attended"},{"email":"%s","attendance":"declined"}],"guidelines":["G01","G04"],
"fears":[{"email":"%s","category":"time","statement":"Worried the sessions eat into delivery time.","severity":"medium"}]}]],
        tostring(thread_id), counter, math.random(1, 1000000000), a, a, b, c, a)
    return wrk.format(nil, nil, nil, body)
end

local statuses = {}
function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    -- One line the runner reads: requests per second, p50 and p99 in milliseconds, and non-2xx answers.
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
            + summary.errors.timeout))
end
