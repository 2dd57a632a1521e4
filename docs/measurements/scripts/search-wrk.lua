-- wrk script: /search with a different realistic query on each request,
-- cycling through the list below (1-, 2- and 4-character terms, common
-- and rare, several words, a term with a facet filter), so that a run
-- measures searches rather than one URL.
--
--   wrk -t2 -c16 -d15s --latency -s docs/measurements/scripts/search-wrk.lua http://127.0.0.1:8080
--
-- Each of wrk's threads starts at a different place in the list.

local queries = {
  "ス", "院", "町", "漏", "盗", "菫", "市", "県",
  "紛失", "漏洩", "誤送", "暗号", "住所", "椿楓", "委託", "流出",
  "個人情報", "情報漏洩", "暗号化さ", "メール配", "多要素認", "冬木春日",
  "ランサムウェア", "不正アクセス", "誤送信", "USBメモリ", "漏えい",
  "個人情報 流出", "メール 誤送信", "ランサムウェア 委託", "不正アクセス カード", "紛失 書類",
  "クレジットカード", "フィッシング", "標的型", "再発防止", "お詫び", "調査結果",
  "名簿", "患者", "児童", "病院 紛失", "市 誤送信", "学校 漏洩",
}

local filters = {
  "", "", "", "", "&category=ransomware", "&year=2024", "&status=concluded", "&kind=municipality",
}

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count * 7)
  thread_count = thread_count + 1
end

function request()
  counter = counter + 1
  local i = counter + (offset or 0)
  local q = queries[(i % #queries) + 1]
  local f = filters[(math.floor(i / #queries) % #filters) + 1]
  return wrk.format("GET", "/search?q=" .. urlencode(q) .. f)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
