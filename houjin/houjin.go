// Package houjin reads the National Tax Agency's corporate-number data
// (法人番号公表サイト, 全件データ and 差分データ): CSV without a header, 30
// columns a record as the agency's specification (法人番号システム Web-API
// / データ提供 仕様書, "CSV形式") defines them, in its Shift_JIS or its
// Unicode (UTF-8) edition. It reads; it does not match or store.
package houjin

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"github.com/jikenbo/jikenbo"
)

// Columns are the 30 columns of a record, in order, by the
// specification's item names.
var Columns = []string{
	"sequenceNumber", "corporateNumber", "process", "correct", "updateDate", "changeDate", "name", "nameImageId", "kind",
	"prefectureName", "cityName", "streetNumber", "addressImageId", "prefectureCode", "cityCode", "postCode", "addressOutside",
	"addressOutsideImageId", "closeDate", "closeCause", "successorCorporateNumber", "changeCause", "assignmentDate", "latest",
	"enName", "enPrefectureName", "enCityName", "enAddressOutside", "furigana", "hihyoji",
}

// Process codes (処理区分) a record may carry.
const (
	ProcessNew     = "01" // 新規
	ProcessDeleted = "99" // 削除
)

// Kind codes (法人種別).
const (
	KindNational = "101" // 国の機関
	KindLocal    = "201" // 地方公共団体
	KindKK       = "301" // 株式会社
	KindYK       = "302" // 有限会社
	KindGomei    = "303" // 合名会社
	KindGoshi    = "304" // 合資会社
	KindGodo     = "305" // 合同会社
	KindOther    = "399" // その他の設立登記法人
	KindForeign  = "401" // 外国会社等
	KindNonReg   = "499" // その他
)

// Record is one corporate-number record.
type Record struct {
	// Line is the record's line in the file, for error messages.
	Line            int
	CorporateNumber string
	Process         string
	Name            string
	Kind            string
	Prefecture      string
	City            string
	Street          string
	// CloseDate is the day the registration was closed (YYYY-MM-DD), ""
	// while it is open.
	CloseDate string
	// Latest is true for the newest record of a number; older records are
	// its history.
	Latest   bool
	Furigana string
}

// Address is the registered address: prefecture, city and street.
func (r *Record) Address() string { return r.Prefecture + r.City + r.Street }

// Reader reads records one at a time.
type Reader struct {
	csv *csv.Reader
	// Encoding is what the file was read as: "UTF-8" or "Shift_JIS".
	Encoding string
	name     string
}

// NewReader reads the CSV r, in UTF-8 (with or without a byte-order mark)
// or Shift_JIS, decided from its first 64 KiB; name names the file in
// errors.
func NewReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rd := &Reader{name: name, Encoding: "UTF-8"}
	var in io.Reader = br
	if !validUTF8Prefix(head, len(head) < 64<<10) {
		rd.Encoding = "Shift_JIS"
		in = transform.NewReader(br, japanese.ShiftJIS.NewDecoder())
	} else if strings.HasPrefix(string(head), "\ufeff") {
		br.Discard(3)
	}
	rd.csv = csv.NewReader(in)
	rd.csv.FieldsPerRecord = len(Columns)
	rd.csv.ReuseRecord = true
	return rd, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a character cut at
// its end unless b is the whole file.
func validUTF8Prefix(b []byte, whole bool) bool {
	if !whole {
		for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
			if r, size := utf8.DecodeLastRune(b); r != utf8.RuneError || size != 1 {
				break
			}
			b = b[:len(b)-1]
		}
	}
	return utf8.Valid(b)
}

// Read returns the next record, or io.EOF after the last. A malformed
// record is an EINVALID error naming the file, the line and the column.
func (rd *Reader) Read() (*Record, error) {
	f, err := rd.csv.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s:%d: %v (want the %d columns of the corporate-number CSV)", rd.name, pe.StartLine, pe.Err, len(Columns))
		}
		return nil, fmt.Errorf("%s: %w", rd.name, err)
	}
	line, _ := rd.csv.FieldPos(0)
	rec := &Record{Line: line, CorporateNumber: f[1], Process: f[2], Name: f[6], Kind: f[8], Prefecture: f[9], City: f[10], Street: f[11],
		CloseDate: f[18], Latest: f[23] == "1", Furigana: f[28]}
	if err := jikenbo.ValidCorporateNumber(rec.CorporateNumber); err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s:%d: column corporateNumber: %s", rd.name, line, jikenbo.ErrorMessage(err))
	}
	if rec.Name == "" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s:%d: column name: empty", rd.name, line)
	}
	if f[23] != "0" && f[23] != "1" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s:%d: column latest: %q, want 0 or 1", rd.name, line, f[23])
	}
	return rec, nil
}
