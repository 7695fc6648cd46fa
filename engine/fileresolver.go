package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotAllowed is returned by FileResolver for an http(s) url when
// AllowHTTP is false, and for url schemes it does not know.
var ErrNotAllowed = errors.New("engine: asset location not allowed")

// FileResolver resolves assets on the local file system: asset_id is a path
// relative to Dir (usually the directory of the project file; absolute
// paths are used as they are), and url may be a file:// URL or, only when
// AllowHTTP is set, an http:// or https:// URL fetched with Client. When an
// asset has both, url wins.
type FileResolver struct {
	// Dir is the base of relative asset_id paths; "" means the working
	// directory.
	Dir string
	// AllowHTTP permits http(s) URLs. Off by default: a project file must
	// not make a render reach the network unless its user says so.
	AllowHTTP bool
	// Client fetches http(s) URLs; nil means http.DefaultClient.
	Client *http.Client
}

// NewFileResolver returns a FileResolver for the project file at path:
// relative asset_ids are resolved next to it.
func NewFileResolver(projectPath string) *FileResolver {
	return &FileResolver{Dir: filepath.Dir(projectPath)}
}

// Open implements Resolver.
func (r *FileResolver) Open(ctx context.Context, a Asset) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if a.URL != "" {
		return r.openURL(ctx, a.URL)
	}
	if a.AssetID == "" {
		return nil, fmt.Errorf("engine: %s asset has neither asset_id nor url", a.Kind)
	}
	return r.openFile(a.AssetID)
}

func (r *FileResolver) openFile(p string) (io.ReadCloser, error) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.Dir, filepath.FromSlash(p))
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err // *fs.PathError: "open PATH: reason"
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a directory", p)
	}
	return f, nil
}

func (r *FileResolver) openURL(ctx context.Context, raw string) (io.ReadCloser, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("engine: asset url: %w", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%w: file URL with host %q", ErrNotAllowed, u.Host)
		}
		return r.openFile(filepath.FromSlash(u.Path))
	case "http", "https":
		if !r.AllowHTTP {
			return nil, fmt.Errorf("%w: %s (http(s) URLs are off; allow them explicitly)", ErrNotAllowed, raw)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("engine: asset url: %w", err)
		}
		c := r.Client
		if c == nil {
			c = http.DefaultClient
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, fmt.Errorf("engine: fetching asset: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("engine: fetching asset %s: HTTP %s", raw, resp.Status)
		}
		return resp.Body, nil
	}
	return nil, fmt.Errorf("%w: url scheme %q", ErrNotAllowed, u.Scheme)
}
