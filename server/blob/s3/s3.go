// Package s3 stores reeld's blobs (photos, music, renditions and
// thumbnails) in S3-compatible object storage through minio-go, behind
// blob.Store. reeld selects it with --blobs s3://bucket?endpoint=...
//
// Uploads stream: an object smaller than one part is one PUT, a larger
// one a multipart upload of PartSize parts (only one or two parts are in
// memory at a time). A failed upload leaves no object and keeps the
// previous one: S3 PUTs and completed multipart uploads are atomic, and
// minio-go aborts a failed multipart upload. Open returns a lazy object
// that fetches bytes with ranged GETs from where it was last seeked, so
// http.ServeContent answers Range requests without reading the object
// from its start.
package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
)

// DefaultPartSize is the multipart part size: 16 MiB (S3's minimum is 5).
const DefaultPartSize = 16 << 20

// smallObject is how much of a reader of unknown length Put reads
// before choosing between one PUT and a multipart upload.
const smallObject = 1 << 20

// Config locates a bucket.
type Config struct {
	// Bucket is the bucket's name; Prefix, when set, is prepended to
	// every key ("reel/" stores key a/b as reel/a/b).
	Bucket string
	Prefix string
	// Endpoint is the server's URL, e.g. https://s3.eu-west-1.amazonaws.com
	// or http://127.0.0.1:7070 (default https://s3.amazonaws.com).
	Endpoint string
	// Region is the bucket's region (default us-east-1).
	Region string
	// AccessKey and SecretKey sign requests; both empty reads the
	// standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and
	// AWS_SESSION_TOKEN) environment variables.
	AccessKey, SecretKey string
	// PartSize is the multipart part size (default DefaultPartSize,
	// at least 5 MiB).
	PartSize uint64
}

// ParseURL parses s3://bucket[/prefix]?endpoint=URL&region=R.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("blobs URL: %w", err)
	}
	if u.Scheme != "s3" || u.Host == "" {
		return Config{}, fmt.Errorf("blobs URL %q: want s3://bucket[/prefix]?endpoint=URL&region=R", raw)
	}
	c := Config{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}
	if c.Prefix != "" {
		c.Prefix += "/"
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Config{}, fmt.Errorf("blobs URL %q: %w", raw, err)
	}
	for k, v := range q {
		switch k {
		case "endpoint":
			c.Endpoint = v[0]
		case "region":
			c.Region = v[0]
		default:
			return Config{}, fmt.Errorf("blobs URL %q: unknown parameter %q (known: endpoint, region)", raw, k)
		}
	}
	return c, nil
}

// Store is a blob.Store in one S3 bucket.
type Store struct {
	c        *minio.Client
	bucket   string
	prefix   string
	partSize uint64
}

var _ blob.Store = (*Store)(nil)

// New connects to the bucket and checks that it exists and the
// credentials can see it.
func New(ctx context.Context, cfg Config) (*Store, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "https://s3.amazonaws.com"
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	eu, err := url.Parse(endpoint)
	if err != nil || (eu.Scheme != "http" && eu.Scheme != "https") || eu.Host == "" || (eu.Path != "" && eu.Path != "/") {
		return nil, fmt.Errorf("s3 endpoint %q: want http(s)://host[:port]", cfg.Endpoint)
	}
	region := cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	creds := credentials.NewEnvAWS()
	if cfg.AccessKey != "" || cfg.SecretKey != "" {
		creds = credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, "")
	}
	c, err := minio.New(eu.Host, &minio.Options{Creds: creds, Secure: eu.Scheme == "https", Region: region})
	if err != nil {
		return nil, fmt.Errorf("s3 client: %w", err)
	}
	ps := cfg.PartSize
	if ps == 0 {
		ps = DefaultPartSize
	}
	if ps < 5<<20 {
		return nil, fmt.Errorf("s3 part size %d: S3 needs at least 5 MiB", ps)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3 bucket %s at %s: %w", cfg.Bucket, endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("s3 bucket %s at %s does not exist", cfg.Bucket, endpoint)
	}
	return &Store{c: c, bucket: cfg.Bucket, prefix: cfg.Prefix, partSize: ps}, nil
}

// name maps a blob key to an object name, refusing the keys blob.FS
// refuses so both stores accept exactly the same keys.
func (s *Store) name(key string) (string, error) {
	if key == "" || !fs.ValidPath(key) || strings.Contains(key, "\\") {
		return "", fmt.Errorf("invalid blob key %q", key)
	}
	return s.prefix + key, nil
}

// Put uploads r under key. A reader whose size is known (an *os.File,
// as renders and spooled uploads are) is uploaded with its length;
// anything else streams in parts of PartSize, except that a reader
// ending within its first MiB is sent as one PUT.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	name, err := s.name(key)
	if err != nil {
		return 0, err
	}
	size := int64(-1)
	if f, ok := r.(interface {
		io.Seeker
		Stat() (os.FileInfo, error)
	}); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if cur, err := f.Seek(0, io.SeekCurrent); err == nil {
				size = fi.Size() - cur
			}
		}
	}
	if size < 0 {
		// Unknown length: minio-go would start a multipart upload even
		// for a thumbnail. Read a little first; a reader that ends
		// within it goes up as one PUT.
		head := make([]byte, smallObject)
		n, err := io.ReadFull(r, head)
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			r, size = bytes.NewReader(head[:n]), int64(n)
		case err != nil:
			return 0, fmt.Errorf("put %s: %w", key, err)
		default:
			r = io.MultiReader(bytes.NewReader(head), r)
		}
	}
	info, err := s.c.PutObject(ctx, s.bucket, name, r, size, minio.PutObjectOptions{
		PartSize:    s.partSize,
		NumThreads:  1, // one part buffer in memory per upload
		ContentType: "application/octet-stream",
	})
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	return info.Size, nil
}

// object is an open S3 object: minio's lazy *Object (ranged GETs from
// the last seek position) with the size and time from its HEAD.
type object struct {
	*minio.Object
	size int64
	mod  time.Time
}

func (o object) Size() int64        { return o.size }
func (o object) ModTime() time.Time { return o.mod }

// Open opens key: one HEAD request; bytes are fetched when read.
// A missing key is model.ErrNotFound.
func (s *Store) Open(ctx context.Context, key string) (blob.Blob, error) {
	name, err := s.name(key)
	if err != nil {
		return nil, err
	}
	o, err := s.c.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", key, err)
	}
	st, err := o.Stat()
	if err != nil {
		o.Close()
		if notFound(err) {
			return nil, fmt.Errorf("blob %s: %w", key, model.ErrNotFound)
		}
		return nil, fmt.Errorf("blob %s: %w", key, err)
	}
	return object{Object: o, size: st.Size, mod: st.LastModified}, nil
}

// Delete removes key; S3 answers success for a missing key.
func (s *Store) Delete(ctx context.Context, key string) error {
	name, err := s.name(key)
	if err != nil {
		return err
	}
	if err := s.c.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil && !notFound(err) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// SignedURL returns a presigned GET URL for key valid for ttl, answering
// with contentType; a missing key is model.ErrNotFound.
func (s *Store) SignedURL(ctx context.Context, key, contentType string, ttl time.Duration) (string, error) {
	name, err := s.name(key)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	if contentType != "" {
		q.Set("response-content-type", contentType)
	}
	u, err := s.c.PresignedGetObject(ctx, s.bucket, name, ttl, q)
	if err != nil {
		return "", fmt.Errorf("presign %s: %w", key, err)
	}
	return u.String(), nil
}

func notFound(err error) bool {
	var er minio.ErrorResponse
	if errors.As(err, &er) {
		return er.Code == "NoSuchKey" || er.StatusCode == http.StatusNotFound
	}
	return false
}
