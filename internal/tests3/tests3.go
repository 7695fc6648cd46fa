// Package tests3 starts a real S3-compatible server for tests: versitygw
// with its POSIX backend in a temporary directory, on a free loopback
// port, with throwaway credentials. Tests skip with a clear message when
// the versitygw binary is not installed (CI installs it in .ci/run with
// `go install github.com/versity/versitygw/cmd/versitygw@v1.8.0`).
package tests3

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Test credentials of the started gateway's root user.
const (
	AccessKey = "reeltestaccess"
	SecretKey = "reeltestsecret1234567890"
	Region    = "us-east-1"
)

// Server is a running versitygw.
type Server struct {
	// Endpoint is the gateway's URL, e.g. http://127.0.0.1:40123.
	Endpoint string
	// Root is the POSIX backend's directory: every bucket is a folder
	// of it and every object a file, so tests can look at what is stored.
	Root string
}

// Binary returns the path of the versitygw binary, looked up in PATH,
// $HOME/go/bin and $(go env GOPATH)/bin, or "" when absent.
func Binary() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	var dirs []string
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, p := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "versitygw")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// Start starts versitygw for the test and stops it (and removes its
// files) when the test ends. It skips the test when the binary is absent.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		t.Skip("versitygw not installed (looked in PATH, $HOME/go/bin, $(go env GOPATH)/bin): " +
			"GOFLAGS= go install github.com/versity/versitygw/cmd/versitygw@v1.8.0")
	}
	root := t.TempDir()
	var lastErr error
	for range 5 { // a freed port can be taken by someone else before we bind it
		addr, err := freeAddr()
		if err != nil {
			t.Fatal(err)
		}
		s, err := start(t, bin, addr, root)
		if err == nil {
			return s
		}
		lastErr = err
	}
	t.Fatalf("versitygw did not start: %v", lastErr)
	return nil
}

func start(t testing.TB, bin, addr, root string) (*Server, error) {
	var logs bytes.Buffer
	cmd := exec.Command(bin, "--port", addr, "--access", AccessKey, "--secret", SecretKey,
		"--region", Region, "--quiet", "--health", "/health", "posix", root)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		cmd.Process.Kill()
		<-exited
	}
	endpoint := "http://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/health", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-exited:
			exited <- err
			stop()
			return nil, fmt.Errorf("versitygw exited (%v): %s", err, logs.String())
		case <-ctx.Done():
			stop()
			return nil, fmt.Errorf("versitygw not healthy at %s: %s", endpoint, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Cleanup(stop)
	return &Server{Endpoint: endpoint, Root: root}, nil
}

// CreateBucket creates a bucket through the S3 API (with the POSIX
// backend it becomes the directory Root/name).
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	c, err := minio.New(strings.TrimPrefix(s.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(AccessKey, SecretKey, ""), Region: Region,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{Region: Region}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
}

// Env sets the standard AWS credential variables to the gateway's for
// the duration of the test.
func (s *Server) Env(t testing.TB) {
	t.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
