package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/sqlite"
)

// reeldProc is a reeld subprocess.
type reeldProc struct {
	cmd *exec.Cmd
	url string
}

func startReeld(t *testing.T, bin, data string) *reeldProc {
	t.Helper()
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data", data, "--app-id", testAppID, "--app-secret", testAppSecret, "--workers", "1", "--rate-limit", "1000")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &reeldProc{cmd: cmd}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "listening on "); ok {
			p.url, _, _ = strings.Cut(after, " ")
			break
		}
	}
	if p.url == "" {
		t.Fatal("reeld did not say where it listens")
	}
	go io.Copy(io.Discard, stdout)
	return p
}

// TestSIGKILLMidRenderResumes kills reeld with SIGKILL while a render is
// running, restarts it on the same data directory, and expects the job to
// run again and publish a playable video; SIGTERM then drains and exits 0.
func TestSIGKILLMidRenderResumes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs reeld twice")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH: cannot build cmd/reeld")
	}
	probe := needFFprobe(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "reeld")
	build := exec.Command(goBin, "build", "-o", bin, "github.com/reelkit/reel/cmd/reeld")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build reeld: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")

	p := startReeld(t, bin, data)
	e := &testEnv{t: t}
	c := loginAt(t, e, p.url)
	var assets []string
	ids := []string{c.putPhotoAt(p.url, testJPEG(t, 320, 180, 30)), c.putPhotoAt(p.url, testJPEG(t, 180, 320, 90))}
	for i := 0; i < 10; i++ {
		assets = append(assets, fmt.Sprintf(`{"name":"image","asset_id":%q,"start_time":%d,"end_time":%d}`, ids[i%2], 2*i, 2*i+2))
	}
	assets = append(assets, `{"name":"music","asset_id":"lib-demo"}`)
	id := c.ok(c.form("POST", p.url+"/me/videos", "name", "Crash test", "style", "vanilla", "assets", "["+strings.Join(assets, ",")+"]"))["id"].(string)
	c.ok(c.do("POST", p.url+"/me/videos/"+id+"/render", nil, nil))

	// Wait until the render is visibly under way, then SIGKILL.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		v := c.ok(c.do("GET", p.url+"/me/videos/"+id, nil, nil))
		if v["status"] != model.StatusProcessing {
			t.Fatalf("render ended before the kill (status %v): make the project longer", v["status"])
		}
		if pr, _ := v["progress"].(float64); pr > 0 && pr < 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no progress")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()

	p2 := startReeld(t, bin, data)
	v := waitStatusAt(t, c, p2.url, id)
	if v["status"] != model.StatusPublished {
		t.Fatalf("after restart: %v (%v)", v["status"], v["reason"])
	}
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	dl := c.e.do("GET", rend["url"].(string), nil, nil)
	if dl.code != 200 {
		t.Fatalf("download: %d", dl.code)
	}
	checkMP4(t, ffprobe(t, probe, dl.body), 640, 360)

	// SIGTERM drains and exits cleanly.
	p2.cmd.Process.Signal(syscall.SIGTERM)
	if err := p2.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(data, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var state string
	var attempts int
	st.DB().QueryRow(`SELECT state, attempts FROM jobs WHERE video_id=?`, id).Scan(&state, &attempts)
	if state != "done" || attempts != 2 {
		t.Fatalf("job state %q after %d attempts, want done after 2", state, attempts)
	}
}

func loginAt(t *testing.T, e *testEnv, base string) *client {
	b, h := form("app_id", testAppID, "app_secret", testAppSecret, "device_id", "crash")
	r := e.do("POST", base+"/login/app", b, h)
	if r.code != 200 {
		t.Fatalf("login: %d %s", r.code, r.body)
	}
	return e.clientFrom(r)
}

func (c *client) putPhotoAt(base string, b []byte) string {
	c.e.t.Helper()
	return c.ok(c.do("PUT", base+"/me/photos", strings.NewReader(string(b)), nil))["id"].(string)
}

func waitStatusAt(t *testing.T, c *client, base, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		v := c.ok(c.do("GET", base+"/me/videos/"+id, nil, nil))
		if v["status"] == model.StatusPublished || v["status"] == model.StatusFailed {
			return v
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("never finished")
	return nil
}
