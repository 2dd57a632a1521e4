// Command houjingen writes N synthetic records in the National Tax
// Agency's corporate-number CSV layout (30 columns, no header, CRLF,
// UTF-8), with valid check digits, for measuring `jikenbo orgs
// import-houjin` on files of the real data's size:
//
//	go run ./tools/houjingen 500000 > /tmp/houjin.csv
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: houjingen N > FILE.csv")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 0 {
		fmt.Fprintln(os.Stderr, "houjingen: N must be a count")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; i < n; i++ {
		base := fmt.Sprintf("%012d", 100000000000+i)
		fmt.Fprintf(w, "%d,%s%s,01,0,2015-10-05,2015-10-05,株式会社合成%06d商事,,301,東京都,千代田区,丸の内%d丁目,,13,13101,1000005,,,,,,,2015-10-05,1,,,,,ゴウセイ,0\r\n",
			i+1, checkDigit(base), base, i, i%9+1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "houjingen:", err)
		os.Exit(1)
	}
}

// checkDigit is the 法人番号 check digit of a 12-digit base number.
func checkDigit(base string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(base[11-i] - '0')
		if i%2 == 1 {
			d *= 2
		}
		sum += d
	}
	return strconv.Itoa(9 - sum%9)
}
