package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"time"

	"github.com/reelkit/reel/server"
)

// serve is `reeld serve` (and `reeld` with flags only): the HTTP API,
// with --workers render workers in the same process. --workers 0 makes
// an API-only process, which needs --db and S3 --blobs: the renders it
// queues are run by `reeld worker` (or other serve) processes sharing
// the database and the bucket.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) error {
	fs := flag.NewFlagSet("reeld serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf procFlags
	pf.define(fs, "127.0.0.1:8080", "REEL_ADDR", "concurrent renders in this process (0: none, an API-only process; needs --db and S3 --blobs, and `reeld worker` processes render)")
	allowPrivate := fs.Bool("allow-private-urls", false, "let URL imports (POST /me/photos url=..., POST /me/clips/external) fetch loopback, private and link-local addresses")
	rate := fs.Float64("rate-limit", 20, "requests per second per user (and per address for logins), shared by every process of a PostgreSQL deployment")
	maxQueued := fs.Int("max-queued", 10, "jobs (renders and previews) one user may have waiting; more answer 429 with Retry-After (-1: no cap)")
	tokenTTL := fs.Duration("token-ttl", 30*24*time.Hour, "an access token expires this long after its last use")
	maxTokens := fs.Int("max-tokens", 20, "live access tokens per user; a login beyond it revokes the oldest")
	blobRedirect := fs.Duration("blob-redirect", 0, "with S3 --blobs: answer GET /v/ with a 302 to a presigned URL valid this long (e.g. 15m) instead of streaming through reeld (0: stream)")
	storageQuota := fs.Int64("storage-quota", 2_000_000_000, "bytes of photos, musics and clips one user may keep (identical uploads count once; `reeld user quota` sets one user's); -1: no limit")
	signup := fs.Bool("signup", false, "let people create their own accounts on the studio's sign-in page (off: `reeld user add` makes them)")
	signupCredits := fs.Int64("signup-credits", server.DefaultSignupCredits, "renders an account made with --signup starts with (0: none; -1: unlimited)")
	maxClip := fs.Int64("max-clip-size", 500<<20, "bytes one video clip upload (PUT /me/clips or a URL import) may have; beyond: 413")
	maxClipDur := fs.Duration("max-clip-duration", 10*time.Minute, "longest video clip accepted at upload; beyond: 413")
	stall := fs.Duration("stall-timeout", 30*time.Second, "cut a connection whose upload stops arriving, or whose client stops reading, for this long (progress resets it: slow links can still move 50 MB)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := pf.check(); err != nil {
		return err
	}
	if err := checkBlobFlags(pf.blobs, *blobRedirect); err != nil {
		return err
	}
	if pf.baseURL == "" && server.WildcardAddr(pf.addr) {
		return usageError{fmt.Errorf("--addr %s listens on every interface: give --base-url, the address clients reach this server at (reeld never takes a link's host from a request's Host header)", pf.addr)}
	}
	workers, note := pf.workers, fmt.Sprintf("API and %d render workers", pf.workers)
	if pf.workers == 1 {
		note = "API and 1 render worker"
	}
	if pf.workers == 0 {
		switch {
		case pf.db == "":
			return usageError{errors.New("--workers 0 (an API-only process) needs --db postgres://...: with SQLite under --data no other process can run the renders it queues")}
		case pf.blobs == "":
			return usageError{errors.New("--workers 0 (an API-only process) needs --blobs s3://...: the processes that render cannot read uploads kept on this machine's --data")}
		}
		workers, note = -1, "API only: renders run in reeld worker processes" // server.Config: negative is none
	}
	return runProcess(ctx, process{
		role:    "serve",
		flags:   &pf,
		started: note,
		apps:    func() ([]server.App, error) { return serveApps(&pf, stdout) },
		config: func(c *server.Config) {
			c.Workers = workers
			c.AllowPrivateURLs = *allowPrivate
			c.RateLimit = *rate
			c.StallTimeout = *stall
			c.Signup = *signup
			c.SignupCredits = *signupCredits
			c.StorageQuota = *storageQuota
			c.MaxClipBytes = *maxClip
			c.MaxClipDuration = *maxClipDur
			c.MaxQueuedJobs = *maxQueued
			c.TokenTTL = *tokenTTL
			c.MaxTokensPerUser = *maxTokens
			c.BlobRedirect = *blobRedirect
		},
		handler: func(s *server.Server) http.Handler { return s.Handler() },
	}, stdout, stderr, h)
}

// serveApps is the API's app: the one --app-id names, or else the
// bootstrap app kept in DATA/bootstrap-app.json, whose secret is printed
// only by the start that creates it.
func serveApps(pf *procFlags, stdout io.Writer) ([]server.App, error) {
	if pf.appID != "" {
		return []server.App{{ID: pf.appID, Secret: pf.appSecret, CallbackURL: pf.callback}}, nil
	}
	app, created, err := bootstrapApp(pf.data)
	if err != nil {
		return nil, err
	}
	app.CallbackURL = pf.callback
	path := filepath.Join(pf.data, "bootstrap-app.json")
	if created {
		// The secret is never printed: output ends up in logs that
		// others read. Only the file (0600) holds it.
		fmt.Fprintf(stdout, "reeld: no app configured; created bootstrap app %s (its app_id and app_secret are in %s, mode 0600)\n",
			app.ID, path)
	} else {
		fmt.Fprintf(stdout, "reeld: no app configured; using bootstrap app %s (its secret is in %s)\n", app.ID, path)
	}
	return []server.App{app}, nil
}
