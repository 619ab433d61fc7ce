package password

import (
	"errors"
	"strings"
	"testing"
)

var cheap = Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not PHC argon2id with the given params", h)
	}
	cases := []struct {
		name string
		pw   string
		want bool
	}{
		{"right", "correct horse battery", true},
		{"wrong", "correct horse battery!", false},
		{"empty", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Check(tc.pw, h)
			if err != nil || got != tc.want {
				t.Errorf("Check = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestSaltDiffers(t *testing.T) {
	a, _ := Hash("same password", cheap)
	b, _ := Hash("same password", cheap)
	if a == b {
		t.Error("two hashes of one password are equal: salt is not random")
	}
}

func TestMalformedHash(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$a2V5"} {
		if _, err := Check("pw", h); !errors.Is(err, ErrMalformed) {
			t.Errorf("Check(%q) error = %v, want ErrMalformed", h, err)
		}
	}
}

func TestAcceptable(t *testing.T) {
	cases := []struct{ name, pw, email, want string }{
		{"short", "123456789", "a@b.c", "password.error.too_short"},
		{"ten chinese chars count as ten", "一二三四五六七八九十", "a@b.c", ""},
		{"long", strings.Repeat("x", 257), "a@b.c", "password.error.too_long"},
		{"email", "Wang@Example.com", "wang@example.com", "password.error.equals_email"},
		{"fine", "a fine passphrase", "wang@example.com", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Acceptable(tc.pw, tc.email); got != tc.want {
				t.Errorf("Acceptable = %q, want %q", got, tc.want)
			}
		})
	}
}
