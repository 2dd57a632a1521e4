package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	fast := Params{Time: 1, Memory: 64, Threads: 1}
	h, err := Hash("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(h, "horse") {
		t.Errorf("Hash: got %q, want a PHC argon2id string without the password", h)
	}
	if ok, err := Verify(h, "correct horse battery"); !ok || err != nil {
		t.Errorf("Verify(right): got %v, %v, want true", ok, err)
	}
	if ok, err := Verify(h, "correct horse batterz"); ok || err != nil {
		t.Errorf("Verify(wrong): got %v, %v, want false", ok, err)
	}
	h2, _ := Hash("correct horse battery", fast)
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	if _, err := Hash("short", fast); err == nil {
		t.Error("Hash(short): no error")
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", "$argon2id$v=19$m=64,t=1,p=1$!!$!!"} {
		if ok, err := Verify(bad, "x"); ok || err == nil {
			t.Errorf("Verify(%q): got %v, %v, want an error", bad, ok, err)
		}
	}
}

func TestDefaultVerifies(t *testing.T) {
	h, err := Hash("a long enough password", Default)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=2$") {
		t.Errorf("got %q", h)
	}
	if ok, _ := Verify(h, "a long enough password"); !ok {
		t.Error("Verify: false")
	}
}
