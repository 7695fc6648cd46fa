package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeStyleFile writes vanilla's JSON as machine name "brand" with the
// title card's font set to font.
func writeStyleFile(t *testing.T, font string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "styles", "builtin", "vanilla.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["machine_name"] = "brand"
	m["title_card"].(map[string]any)["text"].(map[string]any)["font"] = font
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "brand.json")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStyleFlagTakesStyleFile: --style accepts a style JSON file whose
// font is a family of --fonts DIR; the frame differs from the built-in
// style's, and a font no library has is a usage error naming it.
func TestStyleFlagTakesStyleFile(t *testing.T) {
	t.Parallel()
	const dejavu = "/usr/share/fonts/truetype/dejavu"
	if _, err := os.Stat(filepath.Join(dejavu, "DejaVuSansMono.ttf")); err != nil {
		t.Skipf("no DejaVu Sans Mono (install fonts-dejavu-core): %v", err)
	}
	proj := writeProject(t, tinyProject)
	dir := t.TempDir()
	frame := func(name string, extra ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		args := append([]string{"frame", proj, "--at", "2", "-o", out}, extra...)
		if code, _, stderr := runCLI(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	builtin := frame("builtin.png")
	same := frame("same.png", "--style", writeStyleFile(t, "lato-light"))
	mono := frame("mono.png", "--style", writeStyleFile(t, "DejaVu Sans Mono"), "--fonts", dejavu)
	if !bytes.Equal(builtin, same) {
		t.Error("a style file equal to vanilla draws a different frame")
	}
	if bytes.Equal(builtin, mono) {
		t.Error("the style file's font changes nothing")
	}
	code, _, stderr := runCLI("frame", proj, "--at", "2", "-o", filepath.Join(dir, "x.png"), "--style", writeStyleFile(t, "No Such Family"))
	if code != exitUsage || !strings.Contains(stderr, `"No Such Family"`) {
		t.Errorf("unknown font: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI("frame", proj, "--at", "2", "-o", filepath.Join(dir, "y.png"), "--style", filepath.Join(dir, "missing.json"))
	if code != exitUsage || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing style file: exit %d, stderr %q", code, stderr)
	}
}
