package engine

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/internal/testlong"
)

// TestRenderWithoutEncoders: in a binary built without cgo, Render and
// RenderSegment fail at once with ErrNoEncoder and write nothing, while
// Validate and RenderFrame work. (With cgo it checks nothing: the test
// below runs it in a cgo-free build.)
func TestRenderWithoutEncoders(t *testing.T) {
	t.Parallel()
	if encode.HaveEncoders {
		t.Skip("this binary has the encoders (built with cgo); TestEngineBuildsWithoutCgo runs this test without")
	}
	p := &Project{Name: "No cgo", Style: "vanilla", Assets: []Asset{{Kind: KindText, Data: AssetData{Title: "Hello"}}}}
	if _, err := Validate(context.Background(), p, nil, Options{}); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	fr, err := RenderFrame(context.Background(), p, nil, Options{Renditions: []Quality{Quality360}}, 2*time.Second)
	if err != nil {
		t.Fatalf("RenderFrame: %v", err)
	}
	if w := fr.Image.Bounds().Dx(); w != 640 {
		t.Fatalf("RenderFrame: %d pixels wide, want 640", w)
	}
	out := filepath.Join(t.TempDir(), "x.mp4")
	if _, err := Render(context.Background(), p, nil, Options{Output: ToFile(out)}); !errors.Is(err, ErrNoEncoder) {
		t.Errorf("Render: %v, want ErrNoEncoder", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Render left %s: %v", out, err)
	}
	if _, err := RenderSegment(context.Background(), p, nil, Options{Preview: true}, 0, 1, &strings.Builder{}); !errors.Is(err, ErrNoEncoder) {
		t.Errorf("RenderSegment: %v, want ErrNoEncoder", err)
	}
}

// TestEngineBuildsWithoutCgo: package engine and everything it imports
// build with CGO_ENABLED=0, and in that build the frame renderer, the
// validation and the refusal to render an MP4 pass their tests. (Slow: a
// second build of the package tree.)
func TestEngineBuildsWithoutCgo(t *testing.T) {
	testlong.Require(t)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	env := append(os.Environ(), "CGO_ENABLED=0")
	for _, args := range [][]string{
		{"build", "./..."},
		{"test", "-count=1", "-run", "TestRenderWithoutEncoders|TestRenderFrame|TestValidate|TestStyleFont|ExampleRenderFrame|ExampleFontLibrary", "."},
	} {
		cmd := exec.Command(goTool, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("CGO_ENABLED=0 go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("CGO_ENABLED=0 go %s:\n%s", strings.Join(args, " "), out)
	}
}
