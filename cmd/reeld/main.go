// Command reeld is reel's Picovico-compatible video API server: SQLite and
// files under one data directory, a durable render queue, no external
// services.
//
//	reeld [serve] [--addr 127.0.0.1:8080] [--data ./reel-data] [--workers 1] [--stall-timeout 30s] ...
//	reeld user add    --data DIR --username NAME --password PASS [--name N] [--credits N]
//	reeld user list   --data DIR
//	reeld user remove --data DIR --username NAME
//	reeld user revoke --data DIR --username NAME
//
// Apps come from --app-id/--app-secret (env REEL_APP_ID, REEL_APP_SECRET,
// REEL_CALLBACK_URL); with none configured reeld creates a bootstrap app,
// stores it in DATA/bootstrap-app.json (mode 0600) and prints its
// credentials once; later starts name the file without printing the secret.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server"
)

func main() {
	os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// exitCode reports err on stderr and returns the process status: 0 for
// success and -h/--help, 2 for a usage error (unknown subcommand, flag or
// stray argument: nothing was created), 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0 // -h/--help: the flag package has printed the usage
	}
	fmt.Fprintln(stderr, "reeld:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError is a command line that reeld does not understand.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runWith(ctx, args, stdout, stderr, hooks{})
}

// hooks are the seams tests use to run the real command with a
// controllable part; the zero value is production.
type hooks struct {
	// renderer wraps the engine renderer (nil: used as is).
	renderer func(server.Renderer) server.Renderer
}

func runWith(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) error {
	if len(args) > 0 {
		switch args[0] {
		case "user":
			return userCmd(ctx, args[1:], stdout)
		case "serve":
			return serve(ctx, args[1:], stdout, stderr, h)
		}
		if !strings.HasPrefix(args[0], "-") {
			return usageError{fmt.Errorf("unknown command %q (commands: serve, user; or flags only, which is serve)", args[0])}
		}
	}
	return serve(ctx, args, stdout, stderr, h)
}

// parseFlags parses args into fs and refuses stray arguments: a flag
// error or leftover argument is a usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q (flags go before nothing else)", fs.Arg(0))}
	}
	return nil
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) error {
	fs := flag.NewFlagSet("reeld", flag.ContinueOnError)
	addr := fs.String("addr", env("REEL_ADDR", "127.0.0.1:8080"), "listen address (env REEL_ADDR)")
	data := fs.String("data", env("REEL_DATA", "./reel-data"), "data directory: SQLite database and files (env REEL_DATA)")
	db := fs.String("db", env("REEL_DB", ""), "database: a postgres://user:pass@host/db URL for PostgreSQL, or empty for SQLite under --data (env REEL_DB)")
	workers := fs.Int("workers", 1, "concurrent renders")
	baseURL := fs.String("base-url", env("REEL_BASE_URL", ""), "public URL prefix for links, e.g. https://reel.example.com (default: from the request Host)")
	appID := fs.String("app-id", env("REEL_APP_ID", ""), "app id allowed to log in (env REEL_APP_ID)")
	appSecret := fs.String("app-secret", env("REEL_APP_SECRET", ""), "app secret (env REEL_APP_SECRET)")
	callback := fs.String("callback-url", env("REEL_CALLBACK_URL", ""), "URL that receives Picovico callbacks for the app (env REEL_CALLBACK_URL)")
	allowPrivate := fs.Bool("allow-private-urls", false, "let POST /me/photos url=... fetch loopback, private and link-local addresses")
	rate := fs.Float64("rate-limit", 20, "requests per second per access key")
	drain := fs.Duration("drain-timeout", 10*time.Minute, "on SIGTERM, how long running renders may finish before being re-queued")
	threads := fs.Int("threads", 0, "x264 threads per encoder (0: automatic)")
	maxQueued := fs.Int("max-queued", 10, "jobs (renders and previews) one user may have waiting; more answer 429 with Retry-After (-1: no cap)")
	tokenTTL := fs.Duration("token-ttl", 30*24*time.Hour, "an access token expires this long after its last use")
	maxTokens := fs.Int("max-tokens", 20, "live access tokens per user; a login beyond it revokes the oldest")
	memBudget := fs.Int64("memory-budget-mb", 256, "MiB that concurrent image decodes (uploads and renders) may use together; also sets GOMEMLIMIT to this + 128 MiB unless GOMEMLIMIT is in the environment")
	fontsDir := fs.String("fonts", "", "directory of extra .ttf/.otf/.ttc fonts for text, tried after the embedded faces and before the machine's")
	blobsSpec := fs.String("blobs", env("REEL_BLOBS", ""), blobsUsage)
	blobRedirect := fs.Duration("blob-redirect", 0, "with S3 --blobs: answer GET /v/ with a 302 to a presigned URL valid this long (e.g. 15m) instead of streaming through reeld (0: stream)")
	stall := fs.Duration("stall-timeout", 30*time.Second, "cut a connection whose upload stops arriving, or whose client stops reading, for this long (progress resets it: slow links can still move 50 MB)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkBlobFlags(*blobsSpec, *blobRedirect); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	if *memBudget <= 0 {
		return usageError{fmt.Errorf("--memory-budget-mb must be positive")}
	}
	x264, err := encode.X264() // a bad REEL_X264 fails here, not in every render
	if err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap: the collector works harder near it
		// instead of letting garbage from big decodes pile up.
		debug.SetMemoryLimit((*memBudget + 128) << 20)
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	apps := []server.App{}
	if *appID != "" {
		if *appSecret == "" {
			return errors.New("--app-id needs --app-secret (or REEL_APP_SECRET)")
		}
		apps = append(apps, server.App{ID: *appID, Secret: *appSecret, CallbackURL: *callback})
	} else {
		app, created, err := bootstrapApp(*data)
		if err != nil {
			return err
		}
		app.CallbackURL = *callback
		apps = append(apps, app)
		path := filepath.Join(*data, "bootstrap-app.json")
		if created {
			// Shown once, when it is made; later starts only name the
			// file, so the secret does not end up in every log.
			fmt.Fprintf(stdout, "reeld: no app configured; created bootstrap app (stored in %s, mode 0600):\n  app_id=%s\n  app_secret=%s\n",
				path, app.ID, app.Secret)
		} else {
			fmt.Fprintf(stdout, "reeld: no app configured; using bootstrap app %s (its secret is in %s)\n", app.ID, path)
		}
	}
	store, err := openStore(ctx, *db, *data)
	if err != nil {
		return err
	}
	defer store.Close()
	blobs, err := openBlobs(ctx, *blobsSpec, *data)
	if err != nil {
		return err
	}
	// The work dir holds renders in progress; a killed process leaves its
	// scratch files there, and its jobs are re-run from the start.
	workDir := filepath.Join(*data, "work")
	if err := os.RemoveAll(workDir); err != nil {
		return err
	}
	fc := engine.FontConfig{System: true}
	if *fontsDir != "" {
		fc.Dirs = []string{*fontsDir}
	}
	fonts, err := engine.NewFontLibrary(fc)
	if err != nil {
		return fmt.Errorf("--fonts: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	listenURL := "http://" + ln.Addr().String()
	var renderer server.Renderer = &server.EngineRenderer{Threads: *threads, Fonts: fonts}
	if h.renderer != nil {
		renderer = h.renderer(renderer)
	}
	srv, err := server.New(server.Config{
		Store: store, Blobs: blobs, Apps: apps,
		Renderer:         renderer,
		Workers:          *workers,
		WorkDir:          workDir,
		BaseURL:          *baseURL,
		ListenURL:        listenURL,
		AllowPrivateURLs: *allowPrivate,
		RateLimit:        *rate,
		StallTimeout:     *stall,
		MaxQueuedJobs:    *maxQueued,
		TokenTTL:         *tokenTTL,
		MaxTokensPerUser: *maxTokens,
		MemoryBudget:     *memBudget << 20,
		BlobRedirect:     *blobRedirect,
		Logger:           log,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	srv.Start(context.WithoutCancel(ctx))
	hs := newHTTPServer(srv.Handler(), log)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", listenURL, "data", *data, "workers", *workers, "x264", x264.String())
	fmt.Fprintf(stdout, "reeld: listening on %s (data in %s)\n", listenURL, *data)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// The drain: /readyz turns 503 at once, while the listener keeps
	// serving polls, reads and downloads (and /healthz 200) until running
	// renders have finished or been re-queued at the deadline. Only then
	// is the listener closed, letting requests in flight finish.
	log.Info("shutting down: draining renders", "timeout", drain.String())
	sctx, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("drain timed out; running renders will resume on restart", "err", err)
	}
	hctx, hcancel := context.WithTimeout(context.Background(), httpDrainTimeout)
	defer hcancel()
	if err := hs.Shutdown(hctx); err != nil {
		log.Warn("requests still in flight at exit", "err", err)
	}
	log.Info("stopped")
	return nil
}

// httpDrainTimeout bounds how long requests in flight (a long download)
// may finish once the render drain is over and the listener is closed.
const httpDrainTimeout = 30 * time.Second

// newHTTPServer is reeld's http.Server. Headers must arrive within 10 s
// and an idle keep-alive connection is closed after 2 minutes. There is
// deliberately no ReadTimeout or WriteTimeout: they bound a whole request
// or response, which would cut a 50 MB upload or a long /v/ download on a
// slow link. Instead the handler pushes the connection's read and write
// deadlines forward on every bit of progress (server.Config.StallTimeout),
// so only a stalled body or a client that stops reading is cut.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

type bootstrap struct {
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

// bootstrapApp loads or creates DATA/bootstrap-app.json.
func bootstrapApp(dir string) (server.App, bool, error) {
	path := filepath.Join(dir, "bootstrap-app.json")
	var b bootstrap
	data, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(data, &b); err != nil || b.AppID == "" || b.AppSecret == "" {
			return server.App{}, false, fmt.Errorf("%s: not a bootstrap app file", path)
		}
		if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				return server.App{}, false, err
			}
		}
		return server.App{ID: b.AppID, Secret: b.AppSecret}, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return server.App{}, false, err
	}
	b = bootstrap{AppID: "reel-" + server.NewToken()[:12], AppSecret: server.NewToken()}
	data, _ = json.MarshalIndent(b, "", "  ")
	// O_EXCL: written once; a concurrent first start loses and fails
	// rather than replacing a secret already handed out.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return server.App{}, false, err
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return server.App{}, false, err
	}
	return server.App{ID: b.AppID, Secret: b.AppSecret}, true, nil
}

func userCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("usage: reeld user add|list|remove|revoke --data DIR ...")}
	}
	sub := args[0]
	switch sub {
	case "add", "list", "remove", "revoke":
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, "usage: reeld user add --data DIR --username NAME --password PASS [--name N] [--credits N]\n"+
			"       reeld user list --data DIR\n"+
			"       reeld user remove --data DIR --username NAME\n"+
			"       reeld user revoke --data DIR --username NAME   (ends every session of the user)")
		return nil
	default:
		return usageError{fmt.Errorf("unknown user command %q (add, list, remove, revoke)", sub)}
	}
	fs := flag.NewFlagSet("reeld user "+sub, flag.ContinueOnError)
	data := fs.String("data", env("REEL_DATA", "./reel-data"), "data directory")
	db := fs.String("db", env("REEL_DB", ""), "database: a postgres:// URL, or empty for SQLite under --data (env REEL_DB)")
	blobsSpec := fs.String("blobs", env("REEL_BLOBS", ""), blobsUsage)
	username := fs.String("username", "", "user name")
	password := fs.String("password", "", "password (add)")
	name := fs.String("name", "", "display name (add; default: the username)")
	credits := fs.Int64("credits", -1, "render credits (add; -1: unlimited)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *data)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "add":
		if *username == "" || *password == "" {
			return errors.New("user add needs --username and --password")
		}
		if strings.HasPrefix(*username, "app:") {
			return errors.New(`usernames starting with "app:" are reserved`)
		}
		u, err := server.AddUser(ctx, store, *username, *password, *name, *credits)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added user %s (id %s)\n", u.Username, u.ID)
	case "list":
		us, err := store.ListUsers(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			c := "unlimited"
			if u.Credits != nil {
				c = fmt.Sprint(*u.Credits)
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\tcredits=%s\n", u.ID, u.Username, u.Name, c)
		}
	case "revoke":
		if *username == "" {
			return usageError{errors.New("user revoke needs --username")}
		}
		n, err := server.RevokeUserTokens(ctx, store, *username)
		if err != nil {
			return fmt.Errorf("revoke %s: %w", *username, err)
		}
		fmt.Fprintf(stdout, "revoked %d session(s) of user %s\n", n, *username)
	case "remove":
		if *username == "" {
			return errors.New("user remove needs --username")
		}
		blobs, err := openBlobs(ctx, *blobsSpec, *data)
		if err != nil {
			return err
		}
		if err := server.RemoveUser(ctx, store, blobs, *username); err != nil {
			return fmt.Errorf("remove %s: %w", *username, err)
		}
		fmt.Fprintf(stdout, "removed user %s (and their files)\n", *username)
	}
	return nil
}
