package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/render"
)

// childArgsEnv, when set, makes the test binary run as reeld with these
// unit-separator (0x1f) separated arguments: tests start real reeld processes to measure
// memory and to send signals.
const childArgsEnv = "REELD_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a, ok := os.LookupEnv(childArgsEnv); ok {
		var args []string
		if a != "" {
			args = strings.Split(a, "\x1f")
		}
		var h hooks
		if gate := os.Getenv(gateEnv); gate != "" {
			h.renderer = func(r render.Renderer) render.Renderer { return &gatedRenderer{Renderer: r, gate: gate} }
		}
		os.Exit(exitCode(runWith(context.Background(), args, os.Stdout, os.Stderr, h), os.Stderr))
	}
	code := m.Run()
	removeBuilt()
	os.Exit(code)
}

// gateEnv, in a child, names a file: renders wait until it exists.
const gateEnv = "REELD_TEST_RENDER_GATE"

// gatedRenderer holds every render until its gate file exists (or the
// render is cancelled), then renders for real: a test can keep a render
// running for as long as it needs, without timing.
type gatedRenderer struct {
	render.Renderer
	gate string
}

func (g *gatedRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	for {
		if _, err := os.Stat(g.gate); err == nil {
			return g.Renderer.Render(ctx, p, r, o)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// reeldProc is a reeld child process.
type reeldProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	dir  string
	done chan error
}

// childCmd returns the command that runs reeld with args.
func childCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	env := []string{childArgsEnv + "=" + strings.Join(args, "\x1f")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "REEL_") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	return cmd
}

// startReeldEnv is startReeld with extra environment variables.
func startReeldEnv(t *testing.T, env []string, dir string, args ...string) *reeldProc {
	t.Helper()
	return startReeldWith(t, env, dir, args...)
}

// startReeld runs `reeld [serve|worker] --addr 127.0.0.1:0 --data dir
// args...` (the command when args starts with it) and waits for it to
// listen.
func startReeld(t *testing.T, dir string, args ...string) *reeldProc {
	t.Helper()
	return startReeldWith(t, nil, dir, args...)
}

func startReeldWith(t *testing.T, env []string, dir string, args ...string) *reeldProc {
	t.Helper()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs Linux /proc to watch the child process")
	}
	all := []string{"--addr", "127.0.0.1:0", "--data", dir}
	if len(args) > 0 && (args[0] == "serve" || args[0] == "worker") {
		all = append([]string{args[0]}, all...)
		args = args[1:]
	}
	cmd := childCmd(append(all, args...)...)
	cmd.Env = append(cmd.Env, env...)
	return startChild(t, cmd, dir)
}

// startChild starts cmd, a reeld serving from data directory dir, and
// waits for its start line; the process is killed at the end of the test
// if it is still running.
func startChild(t *testing.T, cmd *exec.Cmd, dir string) *reeldProc {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &reeldProc{t: t, cmd: cmd, dir: dir, done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "reeld: listening on "); ok {
			p.url, _, _ = strings.Cut(u, " ")
			break
		}
	}
	if p.url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("reeld child %q did not start", cmd.Args)
	}
	go func() {
		io.Copy(io.Discard, stdout)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// peakRSS is the child's peak resident set (VmHWM), in bytes.
func (p *reeldProc) peakRSS() int64 {
	p.t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		p.t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				p.t.Fatal(err)
			}
			return kb << 10
		}
	}
	p.t.Fatal("no VmHWM in /proc status")
	return 0
}

// signal sends sig to the child.
func (p *reeldProc) signal(sig syscall.Signal) {
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}

// wait waits for the child to exit.
func (p *reeldProc) wait(timeout time.Duration) error {
	select {
	case err := <-p.done:
		return err
	case <-time.After(timeout):
		p.t.Fatalf("reeld did not exit within %v", timeout)
		return nil
	}
}

// apiClient talks to a reeld child as one logged-in user.
type apiClient struct {
	t          *testing.T
	base       string
	key, token string
}

// login logs user in through the bootstrap app of dir.
func login(t *testing.T, p *reeldProc, user, password string) *apiClient {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, "bootstrap-app.json"))
	if err != nil {
		t.Fatal(err)
	}
	var app bootstrap
	json.Unmarshal(b, &app)
	res, err := http.PostForm(p.url+"/login", url.Values{"username": {user}, "password": {password}, "app_id": {app.AppID}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var lr struct{ AccessKey, AccessToken string }
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || json.Unmarshal(body, &struct {
		K *string `json:"access_key"`
		T *string `json:"access_token"`
	}{&lr.AccessKey, &lr.AccessToken}) != nil {
		t.Fatalf("login: %d %s", res.StatusCode, body)
	}
	return &apiClient{t: t, base: p.url, key: lr.AccessKey, token: lr.AccessToken}
}

// do sends one request and returns status and body (errors are fatal
// only from the test goroutine: callers in other goroutines check code 0).
func (c *apiClient) do(method, path string, body io.Reader, contentType string) (int, []byte) {
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("X-Access-Key", c.key)
	req.Header.Set("X-Access-Token", c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// obj decodes a JSON object answer, failing on a non-200.
func (c *apiClient) obj(code int, b []byte) map[string]any {
	c.t.Helper()
	if code != 200 {
		c.t.Fatalf("want 200, got %d: %s", code, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatalf("%v: %s", err, b)
	}
	return m
}

func addUser(t *testing.T, dir, name, password string, extra ...string) {
	t.Helper()
	var out bytes.Buffer
	args := append([]string{"user", "add", "--data", dir, "--username", name, "--password", password}, extra...)
	if err := run(context.Background(), args, &out, &out); err != nil {
		t.Fatal(err)
	}
}
