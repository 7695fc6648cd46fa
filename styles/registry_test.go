package styles

import "testing"

func TestBuiltinLoads(t *testing.T) {
	r, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Default(); d == nil || d.MachineName != DefaultName {
		t.Fatalf("default = %v, want vanilla", d)
	}
	if _, ok := r.Lookup("vanilla"); !ok {
		t.Fatal("vanilla not found")
	}
	if _, ok := r.Lookup("nope"); ok {
		t.Fatal("unknown style found")
	}
}
