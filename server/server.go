package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/callback"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/internal/membudget"
	"github.com/reelkit/reel/server/library"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/server/store"
	"github.com/reelkit/reel/styles"
)

// Server is reeld: the HTTP handler plus the render workers and callback
// sender that Start runs.
type Server struct {
	cfg     Config
	store   store.Store
	blobs   blob.Store
	log     *slog.Logger
	now     func() time.Time
	limiter *auth.Limiter
	metrics *metrics
	fetch   *fetcher
	// clipFetch imports clips from URLs (fetch's rules, a longer time
	// cap); clips probes them and decodes their posters.
	clipFetch *fetcher
	clips     clipDecoder
	mux       *http.ServeMux
	library   *library.Library
	// assets opens users' photos and musics and the library's tracks
	// for the engine (validation, renders, studio frames).
	assets *render.Assets
	styles *styles.Registry
	media  styleMedia
	frames *frameCache // the studio's preview frames
	photos *photoCache // decoded photos the preview frames are drawn from
	// streams are the studio's playing previews, finished and rendering.
	streams *streamPreviews
	// waveforms are the music lane's peaks and beats by track.
	waveforms *lru[string, *waveform]
	// mem is the process-wide memory budget that image decodes (upload
	// checks and render photo decodes) reserve their bytes from.
	mem *membudget.Budget
	// views dedupes view counting per client address.
	views *viewDedup
	// logins throttles login attempts per account and client address;
	// hashes bounds concurrent password hashing.
	logins *auth.LoginGuard
	// loginAddrs throttles login attempts per client address alone.
	loginAddrs *auth.LoginGuard
	hashes     *auth.HashPool
	// dummyHash is checked when a login names no user, so both paths
	// cost one PBKDF2 run.
	dummyHash string

	// draining is set when Shutdown begins: /readyz answers 503.
	draining atomic.Bool

	// worker runs this process's renders, previews and segments and
	// cancels a deleted video's render.
	worker *render.Worker
	// processID names this process in the liveness table and River;
	// the worker's segment claims carry it.
	processID string

	mu sync.Mutex
	// stopQueue ends this process's part of the queue (Start/Shutdown).
	stopQueue func(context.Context) error
	// sessions issues and checks access tokens.
	sessions *auth.Sessions
	// callbacks delivers app callbacks for the queue.
	callbacks *callback.Sender
}

// New returns a Server; call Start to run the workers and Handler to serve.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Blobs == nil {
		return nil, errors.New("server: Config.Store and Config.Blobs are required")
	}
	cfg.defaults()
	if cfg.WorkDir == "" {
		cfg.WorkDir = os.TempDir()
	}
	if err := os.MkdirAll(cfg.WorkDir, 0o700); err != nil {
		return nil, fmt.Errorf("server: work dir: %w", err)
	}
	if cfg.Styles == nil {
		cfg.Styles = styles.Builtin()
	}
	lib, err := library.Load()
	if err != nil {
		return nil, fmt.Errorf("server: music library: %w", err)
	}
	s := &Server{
		cfg:        cfg,
		store:      cfg.Store,
		blobs:      cfg.Blobs,
		log:        cfg.Logger,
		now:        cfg.Now,
		metrics:    newMetrics(),
		fetch:      newFetcher(cfg.AllowPrivateURLs, cfg.FetchTimeout),
		clipFetch:  newFetcher(cfg.AllowPrivateURLs, cfg.ClipFetchTimeout),
		clips:      clipLib{},
		library:    lib,
		styles:     cfg.Styles,
		mem:        membudget.New(cfg.MemoryBudget),
		views:      newViewDedup(),
		logins:     auth.NewLoginGuard(cfg.LoginFreeAttempts, cfg.LoginBackoff, cfg.LoginMaxBackoff),
		loginAddrs: auth.NewLoginGuard(cfg.LoginAddressAttempts, cfg.LoginBackoff, cfg.LoginMaxBackoff),
		hashes:     auth.NewHashPool(cfg.HashWorkers, 4*cfg.HashWorkers),
		frames:     newFrameCache(),
		photos:     newPhotoCache(),
		streams:    newStreamPreviews(),
		waveforms:  newLRU[string, *waveform](waveformCacheBytes, waveformBytes),
	}
	s.assets = &render.Assets{Media: cfg.Store, Blobs: cfg.Blobs, Library: lib, Budget: s.mem}
	s.processID = queue.NewProcessID(cfg.Role)
	s.worker, err = render.New(render.Config{Store: cfg.Store, Blobs: cfg.Blobs, Assets: s.assets, Renderer: cfg.Renderer,
		WorkDir: cfg.WorkDir, JobAttempts: cfg.JobAttempts, SplitAbove: cfg.SplitAbove, SplitMax: cfg.SplitMax,
		StaleAfter: cfg.StaleAfter, ProcessID: s.processID, Callback: s.callbackFor, Metrics: s.metrics,
		Logger: cfg.Logger, Now: cfg.Now})
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.limiter = auth.NewLimiter(cfg.RateLimit, cfg.RateBurst)
	if cfg.SharedLimits {
		s.limiter = auth.NewSharedLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Store)
		s.logins = auth.NewSharedLoginGuard(cfg.LoginFreeAttempts, cfg.LoginBackoff, cfg.LoginMaxBackoff, cfg.Store)
		s.loginAddrs = auth.NewSharedLoginGuard(cfg.LoginAddressAttempts, cfg.LoginBackoff, cfg.LoginMaxBackoff, cfg.Store)
	}
	s.sessions = &auth.Sessions{Store: cfg.Store, TTL: cfg.TokenTTL, MaxPerUser: cfg.MaxTokensPerUser, Now: cfg.Now,
		AppSecret: func(id string) (string, bool) {
			if a, ok := s.app(id); ok {
				return a.Secret, true
			}
			return "", false
		}}
	s.callbacks = callback.NewSender(cfg.CallbackConcurrency, cfg.CallbackBackoff, cfg.Logger)
	s.callbacks.Delivered = func(ok bool) {
		if ok {
			s.metrics.callbacksOK.Add(1)
		} else {
			s.metrics.callbacksErr.Add(1)
		}
	}
	if s.dummyHash, err = auth.HashPassword(auth.NewSecret()); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the HTTP handler with request ids, logging, metrics and
// panic recovery around every route.
func (s *Server) Handler() http.Handler { return s }

func (s *Server) routes() {
	m := http.NewServeMux()
	s.mux = m
	m.HandleFunc("POST /login/app", s.handleLoginApp)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("GET /me", s.requireAuth(s.handleMe))
	m.HandleFunc("POST /logout", s.requireAuth(s.handleLogout))

	m.HandleFunc("PUT /me/photos", s.requireAuth(s.handlePutPhoto))
	m.HandleFunc("POST /me/photos", s.requireAuth(s.handlePostPhoto))
	m.HandleFunc("POST /me/photos/external", s.requireAuth(s.handlePostPhoto))
	m.HandleFunc("GET /me/photos", s.requireAuth(s.handleListPhotos))
	m.HandleFunc("GET /me/photos/{id}", s.requireAuth(s.handleGetPhoto))
	m.HandleFunc("DELETE /me/photos/{id}", s.requireAuth(s.handleDeletePhoto))

	m.HandleFunc("PUT /me/musics", s.requireAuth(s.handlePutMusic))
	m.HandleFunc("GET /me/musics", s.requireAuth(s.handleListMusics))
	m.HandleFunc("GET /me/musics/{id}", s.requireAuth(s.handleGetMusic))
	m.HandleFunc("DELETE /me/musics/{id}", s.requireAuth(s.handleDeleteMusic))
	m.HandleFunc("GET /musics", s.handleLibrary)

	m.HandleFunc("GET /styles", s.handleStyles)
	m.HandleFunc("GET /styles/{name}", s.handleStyle)
	m.HandleFunc("GET /styles/{name}/thumbnail.jpg", s.handleStyleThumbnail)
	m.HandleFunc("GET /styles/{name}/sample.mp4", s.handleStyleSample)
	m.HandleFunc("GET /me/styles", s.requireAuth(s.handleStyles))
	m.HandleFunc("GET /me/styles/{name}", s.requireAuth(s.handleStyle))

	m.HandleFunc("GET /me/videos", s.requireAuth(s.handleListVideos))
	m.HandleFunc("POST /me/videos", s.requireAuth(s.handleCreateVideo))
	m.HandleFunc("GET /me/videos/{id}", s.requireAuth(s.handleGetVideo))
	m.HandleFunc("POST /me/videos/{id}", s.requireAuth(s.handleUpdateVideo))
	m.HandleFunc("DELETE /me/videos/{id}", s.requireAuth(s.handleDeleteVideo))
	m.HandleFunc("POST /me/videos/{id}/render", s.requireAuth(s.handleRender))
	m.HandleFunc("POST /me/videos/{id}/preview", s.requireAuth(s.handlePreview))
	m.HandleFunc("POST /me/videos/{id}/duplicate", s.requireAuth(s.handleDuplicate))

	m.HandleFunc("GET /v/{id}/{file}", s.handleDownload)
	m.HandleFunc("GET /t/{id}/{file}", s.handleThumbnail)
	m.HandleFunc("GET /f/photos/{file}", s.handlePhotoFile)
	m.HandleFunc("GET /f/photos/{id}/thumbnail.jpg", s.handlePhotoThumb)
	m.HandleFunc("GET /f/musics/{file}", s.handleMusicFile)

	s.clipRoutes(m)

	s.studioRoutes(m)

	m.HandleFunc("GET /healthz", s.handleHealth)
	m.HandleFunc("GET /readyz", s.handleReady)
	m.HandleFunc("GET /metrics", s.handleMetrics)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, httpx.Errorf(http.StatusNotFound, "no such endpoint"))
	})
}

// statusWriter records the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
	stall *httpx.StallGuard
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.stall.BeforeWrite()
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP runs the middleware chain and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := auth.NewID()[:16]
	w.Header().Set("X-Request-Id", id)
	ctx := httpx.WithRequestID(r.Context(), id)
	r = r.WithContext(ctx)
	stall := httpx.NewStallGuard(w, s.cfg.StallTimeout)
	r.Body = stall.Body(r.Body)
	sw := &statusWriter{ResponseWriter: w, stall: stall}
	_, pattern := s.mux.Handler(r)
	func() {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.code == 0 {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
		}()
		s.mux.ServeHTTP(sw, r)
	}()
	stall.Done()
	if sw.code == 0 {
		sw.code = http.StatusOK
	}
	route := pattern
	if route == "" || route == "/" {
		route = "other"
	}
	s.metrics.request(route, sw.code)
	s.log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "route", route,
		"status", sw.code, "bytes", sw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000,
		"remote", r.RemoteAddr)
}

// baseURL is the absolute prefix of URLs in responses: BaseURL when set,
// else ListenURL, the address reeld listens on, unless that address is a
// wildcard (0.0.0.0, [::]) no client can use: then URLs are relative. The
// request's Host header is never used (it would let a client put any host
// into links other clients and callbacks receive); reeld serve refuses a
// wildcard --addr without --base-url.
func (s *Server) baseURL() string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	listen := strings.TrimRight(s.cfg.ListenURL, "/")
	if WildcardAddr(listen) {
		return ""
	}
	return listen
}

// WildcardAddr reports whether the URL or host:port u names no host or
// an unspecified address (0.0.0.0, [::]): a listening address no client
// can use in a link.
func WildcardAddr(u string) bool {
	host := strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	ip := net.ParseIP(host)
	return host == "" || (ip != nil && ip.IsUnspecified())
}
