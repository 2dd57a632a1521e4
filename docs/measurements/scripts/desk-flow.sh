#!/bin/sh
# An editor's path from a pasted release to published with one correction,
# as the browser makes it (forms post, 303, the next page loads).
u=$1; j=$(mktemp); H='Sec-Fetch-Site: same-origin'
t() { curl -s -o /dev/null -w "%{http_code} %{time_total}s $2\n" -b $j -c $j -H "$H" $1; }
curl -s -o /dev/null -c $j -H "$H" -d 'name=hanako&password=correct-horse-42' $u/login
start=$(date +%s.%N)
t "$u/desk" "load 1: GET /desk"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b $j -c $j -H "$H" --data-urlencode text@release.txt $u/desk/releases)
echo "click 1: POST /desk/releases -> $loc"
t "$loc" "load 2: the draft with its facts"
curl -s -o /dev/null -b $j -c $j -H "$H" -d 'field=affected_persons&value=1,300' $loc/facts; echo "click 2: POST facts (select field, type value)"
t "$loc?done=corrected" "load 3: the draft again"
curl -s -o /dev/null -b $j -c $j -H "$H" -X POST $loc/publish; echo "click 3: POST publish"
t "$u/desk?done=published" "load 4: the queue"
end=$(date +%s.%N)
echo "server time for the whole path: $(echo "$end - $start" | bc) s"
id=${loc##*/}; curl -s -o /dev/null -w "public page: %{http_code}\n" $u/releases/$id
