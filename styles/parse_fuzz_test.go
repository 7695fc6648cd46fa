package styles

import (
	"testing"
)

// FuzzParse: arbitrary JSON never panics Parse, and whatever it accepts
// validates.
func FuzzParse(f *testing.F) {
	b, _ := builtinFiles.ReadFile("builtin/vanilla.json")
	f.Add(b)
	f.Add([]byte(`{"machine_name":"x"}`))
	f.Add([]byte(`{"palette":{"text":"#fff"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err == nil {
			if err := s.Validate(); err != nil {
				t.Fatalf("accepted but invalid: %v", err)
			}
			_ = s.Clone()
		}
	})
}
