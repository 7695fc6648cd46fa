package styles

import (
	"encoding/json"
	"testing"
)

func TestParseColor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Color
		ok   bool
	}{
		{"#000000", Color{0, 0, 0, 255}, true},
		{"#FFfF00", Color{255, 255, 0, 255}, true},
		{"#11223344", Color{0x11, 0x22, 0x33, 0x44}, true},
		{"#123", Color{}, false},
		{"112233", Color{}, false},
		{"#11223g", Color{}, false},
		{"", Color{}, false},
	}
	for _, tc := range tests {
		got, err := ParseColor(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseColor(%q) = %v, %v", tc.in, got, err)
		}
		if tc.ok {
			var c Color
			if err := json.Unmarshal([]byte(`"`+tc.in+`"`), &c); err != nil || c != tc.want {
				t.Errorf("unmarshal %q = %v, %v", tc.in, c, err)
			}
			if back, _ := ParseColor(got.String()); back != got {
				t.Errorf("String round trip %v -> %q", got, got.String())
			}
		}
	}
	var c Color
	if err := json.Unmarshal([]byte(`12`), &c); err == nil {
		t.Error("number accepted as colour")
	}
	r, g, b, a := Color{255, 0, 0, 128}.RGBA()
	if a != 0x8080 || r != 0x8080 || g != 0 || b != 0 {
		t.Errorf("RGBA premultiplied = %x %x %x %x", r, g, b, a)
	}
}

func FuzzParseColor(f *testing.F) {
	for _, s := range []string{"#000000", "#ffffffff", "#12", "zzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseColor(s)
		if err == nil {
			if back, err := ParseColor(c.String()); err != nil || back != c {
				t.Fatalf("%q -> %v -> %q", s, c, c.String())
			}
		}
	})
}
