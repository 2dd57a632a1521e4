// Package password hashes and checks editors' passwords with argon2id
// (golang.org/x/crypto/argon2), stored as PHC strings:
//
//	$argon2id$v=19$m=65536,t=1,p=2$SALT$HASH
//
// The parameters are the ones measured in engineering-notes §9 (about
// 150 ms a hash on the server): slow enough to make a stolen database
// expensive to guess from, fast enough for a login. A hash keeps its own
// parameters, so raising them later leaves old hashes valid.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// Default is t=1, m=64 MiB, p=2.
var Default = Params{Time: 1, Memory: 64 << 10, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

// MinLength is the shortest password accepted.
const MinLength = 10

// Hash returns the PHC string of password with new random salt.
func Hash(password string, p Params) (string, error) {
	if len(password) < MinLength {
		return "", fmt.Errorf("password: at least %d characters required", MinLength)
	}
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string. A malformed
// string is an error, never a match.
func Verify(phc, password string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, fmt.Errorf("password: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, fmt.Errorf("password: unsupported argon2 version")
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Time == 0 || p.Threads == 0 || p.Memory > 1<<21 {
		return false, fmt.Errorf("password: bad argon2 parameters")
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, fmt.Errorf("password: bad argon2 encoding")
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
