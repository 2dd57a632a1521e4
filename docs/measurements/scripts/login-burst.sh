#!/bin/sh
# 1,000 wrong passwords from one address (loopback), one account or a new name each time.
# usage: burst.sh URL same|spread
url=$1; mode=$2
start=$(date +%s.%N)
i=0
while [ $i -lt 1000 ]; do
  name=hanako; [ "$mode" = spread ] && name="user$i"
  curl -s -o /dev/null -w '%{http_code}\n' -d "name=$name&password=wrong-$i" "$url/login"
  i=$((i+1))
done | awk '{n[$1]++; if ($1==429 && !first) first=NR} END {for (k in n) printf "%s: %d\n", k, n[k]; printf "first 429 at request %d\n", first}'
end=$(date +%s.%N)
echo "elapsed: $(echo "$end - $start" | bc) s"
