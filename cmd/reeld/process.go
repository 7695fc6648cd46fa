package main

import (
	"context"
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
	"syscall"
	"time"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/styles"
)

// procFlags are the flags `reeld serve` and `reeld worker` share: where
// the data lives, how renders run, and the app that callbacks go to.
type procFlags struct {
	addr, data, db, blobs      string
	workers, threads           int
	drain                      time.Duration
	memBudgetMB                int64
	fonts, baseURL             string
	stylesDir                  string
	appID, appSecret, callback string
	metricsToken               string
	splitAbove                 time.Duration
	splitSet                   bool // --split-above given explicitly
	splitMax                   int
}

// defaultSplitAbove is --split-above's default with --db postgres://.
const defaultSplitAbove = 90 * time.Second

// noticedDuration is a duration flag that records whether it was given.
type noticedDuration struct {
	d   *time.Duration
	set *bool
}

func (n noticedDuration) String() string {
	if n.d == nil {
		return ""
	}
	return n.d.String()
}

func (n noticedDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*n.d, *n.set = d, true
	return nil
}

// define registers the shared flags on fs; addr is the default listen
// address and addrEnv the variable that overrides it.
func (p *procFlags) define(fs *flag.FlagSet, addr, addrEnv, workersUsage string) {
	fs.StringVar(&p.addr, "addr", env(addrEnv, addr), "listen address (env "+addrEnv+")")
	fs.StringVar(&p.data, "data", env("REEL_DATA", "./reel-data"), "data directory: SQLite database (without --db), file blobs (without --blobs), bootstrap app and render scratch files (env REEL_DATA)")
	fs.StringVar(&p.db, "db", env("REEL_DB", ""), "database: a postgres://user:pass@host/db URL for PostgreSQL, or empty for SQLite under --data (env REEL_DB)")
	fs.StringVar(&p.blobs, "blobs", env("REEL_BLOBS", ""), blobsUsage)
	fs.IntVar(&p.workers, "workers", 1, workersUsage)
	fs.IntVar(&p.threads, "threads", 0, "x264 threads per encoder (0: automatic)")
	fs.DurationVar(&p.drain, "drain-timeout", 10*time.Minute, "on SIGTERM, how long running renders may finish before being re-queued")
	fs.Int64Var(&p.memBudgetMB, "memory-budget-mb", 256, "MiB that concurrent image decodes (uploads and renders) may use together; also sets GOMEMLIMIT to this + 128 MiB unless GOMEMLIMIT is in the environment")
	fs.StringVar(&p.stylesDir, "styles", "", "directory of extra style files (*.json, the format of the built-in styles), served and rendered beside the built-in ones")
	fs.StringVar(&p.fonts, "fonts", "", "directory of extra .ttf/.otf/.ttc fonts for text, tried after the embedded faces and before the machine's")
	fs.StringVar(&p.baseURL, "base-url", env("REEL_BASE_URL", ""), "public URL prefix for links and callbacks, e.g. https://reel.example.com (default: the listening address; required by serve when that is every interface) (env REEL_BASE_URL)")
	fs.StringVar(&p.appID, "app-id", env("REEL_APP_ID", ""), "app id allowed to log in, and whose renders get callbacks (env REEL_APP_ID)")
	fs.StringVar(&p.appSecret, "app-secret", env("REEL_APP_SECRET", ""), "app secret (env REEL_APP_SECRET)")
	p.splitAbove = defaultSplitAbove
	fs.Var(noticedDuration{&p.splitAbove, &p.splitSet}, "split-above", "split the render of a video longer than this into segments rendered by every live render worker, then joined (0: never); the default applies with --db postgres:// only, SQLite needs it given")
	fs.IntVar(&p.splitMax, "split-max", 8, "most segments per rendition of a split render")
	fs.StringVar(&p.metricsToken, "metrics-token", env("REEL_METRICS_TOKEN", ""), "serve /metrics to clients sending Authorization: Bearer TOKEN; without it only to loopback clients (env REEL_METRICS_TOKEN)")
	fs.StringVar(&p.callback, "callback-url", env("REEL_CALLBACK_URL", ""), "URL that receives Picovico callbacks for the app (env REEL_CALLBACK_URL)")
}

// check refuses values no process can run with, before anything is
// created: every error is a usageError.
func (p *procFlags) check() error {
	if p.memBudgetMB <= 0 {
		return usageError{errors.New("--memory-budget-mb must be positive")}
	}
	if p.workers < 0 {
		return usageError{fmt.Errorf("--workers %d: must not be negative", p.workers)}
	}
	if p.appID != "" && p.appSecret == "" {
		return usageError{errors.New("--app-id needs --app-secret (or REEL_APP_SECRET)")}
	}
	if p.splitAbove < 0 {
		return usageError{fmt.Errorf("--split-above %v: must not be negative", p.splitAbove)}
	}
	if p.splitMax < 2 {
		return usageError{fmt.Errorf("--split-max %d: a split makes at least 2 segments", p.splitMax)}
	}
	if p.db != "" && !isPostgresURL(p.db) {
		return usageError{fmt.Errorf("--db %q: want a postgres:// URL, or nothing for SQLite under --data", redactDSN(p.db))}
	}
	return nil
}

// process is one long-running reeld process for runProcess: the API
// (serve) or a render worker.
type process struct {
	role  string // "serve" or "worker": logs and the start line
	flags *procFlags
	// apps returns the apps the process knows; called once --data exists.
	apps func() ([]server.App, error)
	// config sets the role's own server.Config fields.
	config func(*server.Config)
	// handler is what the listener serves.
	handler func(*server.Server) http.Handler
	// started is the start line's note after the URL.
	started string
}

// runProcess opens the store and blobs, starts the server's workers and
// the listener, and runs until ctx ends or SIGINT/SIGTERM, then drains:
// /readyz turns 503 at once while the listener keeps serving (polls,
// downloads, /healthz, /metrics) until running renders have finished or
// been re-queued at --drain-timeout; only then is the listener closed,
// letting requests in flight finish within httpDrainTimeout.
func runProcess(ctx context.Context, pr process, stdout, stderr io.Writer, h hooks) error {
	f := pr.flags
	log := slog.New(slog.NewJSONHandler(stderr, nil)).With("role", pr.role)
	x264, err := encode.X264() // a bad REEL_X264 fails here, not in every render
	if err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap: the collector works harder near it
		// instead of letting garbage from big decodes pile up.
		debug.SetMemoryLimit((f.memBudgetMB + 128) << 20)
	}
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return err
	}
	apps, err := pr.apps()
	if err != nil {
		return err
	}
	store, err := openStore(ctx, f.db, f.data)
	if err != nil {
		return err
	}
	defer store.Close()
	blobs, err := openBlobs(ctx, f.blobs, f.data)
	if err != nil {
		return err
	}
	// The work dir holds uploads and renders in progress, one directory
	// per process (several may share --data); a killed process leaves its
	// scratch files there, removed by the next process to start, and its
	// jobs are re-run from the start (by this process or another).
	work, err := openScratch(filepath.Join(f.data, "work"), pr.role)
	if err != nil {
		return fmt.Errorf("scratch dir: %w", err)
	}
	defer work.close()
	workDir := work.dir
	fc := engine.FontConfig{System: true}
	if f.fonts != "" {
		fc.Dirs = []string{f.fonts}
	}
	fonts, err := engine.NewFontLibrary(fc)
	if err != nil {
		return fmt.Errorf("--fonts: %w", err)
	}
	reg := styles.Builtin()
	if f.stylesDir != "" {
		extra, err := styles.LoadDir(f.stylesDir)
		if err != nil {
			return fmt.Errorf("--styles: %w", err)
		}
		if reg, err = styles.WithBuiltin(extra...); err != nil {
			return fmt.Errorf("--styles: %w", err)
		}
	}
	for _, st := range reg.List() {
		if err := engine.CheckStyleFonts(st, fonts); err != nil {
			return fmt.Errorf("--styles: %w", err)
		}
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	listenURL := "http://" + ln.Addr().String()
	var renderer render.Renderer = &render.EngineRenderer{Styles: reg, X264: os.Getenv(encode.X264Env), Threads: f.threads, Fonts: fonts}
	if h.renderer != nil {
		renderer = h.renderer(renderer)
	}
	cfg := server.Config{
		Store: store, Blobs: blobs, Apps: apps,
		Renderer:     renderer,
		Styles:       reg,
		Fonts:        fonts,
		Workers:      f.workers,
		WorkDir:      workDir,
		BaseURL:      f.baseURL,
		ListenURL:    listenURL,
		MemoryBudget: f.memBudgetMB << 20,
		MetricsToken: f.metricsToken,
		// Every process of a PostgreSQL deployment draws from one set of
		// rate-limit buckets; the SQLite process is alone.
		SharedLimits: f.db != "",
		Logger:       log,
	}
	cfg.Role = pr.role
	cfg.SplitAbove, cfg.SplitMax = f.splitAbove, f.splitMax
	if f.db == "" && !f.splitSet {
		// One SQLite process: a split would only run the segments on
		// the same cores, which is not measured to pay; off unless asked.
		cfg.SplitAbove = 0
	}
	pr.config(&cfg)
	srv, err := server.New(cfg)
	if err != nil {
		ln.Close()
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := srv.Start(context.WithoutCancel(ctx)); err != nil {
		ln.Close()
		return err
	}
	hs := newHTTPServer(pr.handler(srv), log)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", listenURL, "data", f.data, "workers", cfg.Workers, "x264", x264.String())
	fmt.Fprintf(stdout, "reeld: listening on %s (%s; data in %s)\n", listenURL, pr.started, f.data)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining renders", "timeout", f.drain.String())
	sctx, cancel := context.WithTimeout(context.Background(), f.drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("drain timed out; running renders go back to the queue", "err", err)
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
