package engine

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestFileResolver(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("local"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "remote")
	}))
	defer srv.Close()
	abs := filepath.Join(dir, "a.txt")
	tests := []struct {
		name  string
		r     *FileResolver
		a     Asset
		want  string
		errIs error
	}{
		{"relative asset_id", NewFileResolver(filepath.Join(dir, "p.json")), Asset{AssetID: "a.txt"}, "local", nil},
		{"absolute asset_id", &FileResolver{}, Asset{AssetID: abs}, "local", nil},
		{"file url", &FileResolver{}, Asset{URL: "file://" + filepath.ToSlash(abs)}, "local", nil},
		{"url wins over asset_id", &FileResolver{Dir: dir}, Asset{AssetID: "nope", URL: "file://" + abs}, "local", nil},
		{"missing", &FileResolver{Dir: dir}, Asset{AssetID: "b.txt"}, "", fs.ErrNotExist},
		{"directory", &FileResolver{Dir: dir}, Asset{AssetID: "sub"}, "", nil},
		{"empty", &FileResolver{Dir: dir}, Asset{}, "", nil},
		{"http refused by default", &FileResolver{}, Asset{URL: srv.URL + "/x"}, "", ErrNotAllowed},
		{"http allowed", &FileResolver{AllowHTTP: true}, Asset{URL: srv.URL + "/x"}, "remote", nil},
		{"http 404", &FileResolver{AllowHTTP: true}, Asset{URL: srv.URL + "/missing"}, "", nil},
		{"unknown scheme", &FileResolver{AllowHTTP: true}, Asset{URL: "ftp://host/a"}, "", ErrNotAllowed},
		{"remote file url", &FileResolver{}, Asset{URL: "file://evil/etc/passwd"}, "", ErrNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := tt.r.Open(context.Background(), tt.a)
			if tt.want == "" {
				if err == nil {
					rc.Close()
					t.Fatal("no error")
				}
				if tt.errIs != nil && !errors.Is(err, tt.errIs) {
					t.Fatalf("error %v is not %v", err, tt.errIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			if string(b) != tt.want {
				t.Fatalf("read %q, want %q", b, tt.want)
			}
		})
	}
}
