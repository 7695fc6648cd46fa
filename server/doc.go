// Package server is reeld's HTTP API and its wiring: a Picovico-compatible
// video API (login, photos, musics, styles, videos, render, public /v/
// downloads) on top of a store.Store (metadata, users, tokens, the
// durable render queue and pending callbacks) and a blob.Store (photo,
// music and rendition bytes), with New, Start and Shutdown putting the
// rooms below together: render (the worker), queue (River), auth,
// callback, library, internal/httpx.
//
// The embedded defaults are a SQLite database and a filesystem blob store
// under one data directory (server/store/sqlite.Open, blob.NewFS); both
// sit behind interfaces. server/store/postgres.Open is the PostgreSQL
// store (reeld --db) with the same rules, written once in
// server/store/sqlstore, for deployments that outgrow one machine; S3
// blobs are server/blob/s3.
//
// # Endpoints
//
//	POST   /login/app                 app_id, app_secret, device_id -> {access_key, access_token, id}
//	POST   /login                     username, password, app_id    -> same
//	GET    /me                        profile (id, name, profile_pic, username, total_videos, credits)
//	PUT    /me/photos                 raw JPEG/PNG/WebP/GIF body -> {id, url, thumbnail_url}
//	POST   /me/photos[/external]      url=... (imported; thumbnail_url ignored)
//	GET    /me/photos, GET|DELETE /me/photos/{id}
//	PUT    /me/musics                 raw MP3/WAV body, optional Music-Title/Music-Artist
//	GET    /me/musics, GET|DELETE /me/musics/{id}, GET /musics (built-in library)
//	GET    /styles, /styles/{name}, /me/styles, /me/styles/{name}
//	GET    /styles/{name}/thumbnail.jpg, /styles/{name}/sample.mp4 (drawn on demand, cached)
//	GET    /me/videos                 ?count=&from=&from_id=&to=&to_id=
//	POST   /me/videos                 last draft (renamed by name=) or a new one
//	GET|POST|DELETE /me/videos/{id}
//	POST   /me/videos/{id}/render|preview|duplicate
//	GET    /v/{id}/{name}.mp4         public; ?quality=360|480|720|1080|144
//	GET    /t/{id}/{quality}.jpg      public thumbnail
//	GET    /f/photos/{id}.{ext}, /f/photos/{id}/thumbnail.jpg, /f/musics/{id}.{ext}
//	GET    /healthz, /metrics
//
// Every /me route needs X-Access-Key and X-Access-Token. Another user's
// object is a 404. Errors are {"error":{"message":...},"status":N}; render
// validation failures carry Picovico's code (7401..7405) in status with
// HTTP 400. File URLs under /v, /t and /f are public: their ids are 128-bit
// random, as a CDN URL would be.
//
// # Slow clients
//
// Request bodies and responses are guarded by progress, not by a total
// time: a body that stops arriving, or a client that stops reading, for
// Config.StallTimeout (default 30 s) has its connection cut (a stalled
// upload is answered 408), while a slow link that keeps moving can upload
// 50 MB or download a long video. reeld's http.Server adds a 10 s
// ReadHeaderTimeout and a 2 min IdleTimeout and sets no ReadTimeout or
// WriteTimeout. A client that hangs up before its answer (for example
// while its upload waits for an image decode slot) is logged and counted
// as 499, not as a server error.
//
// # Partial updates
//
// POST /me/videos and POST /me/videos/{id} change only the fields sent.
// A field that is absent, null, or an empty (or blank) string — a form
// value or a JSON string alike — leaves name, style, quality and credit
// unchanged; quality 0 is refused; credit=[] removes the end credits. assets
// is the exception: assets=null (or "") means "no assets" and clears them,
// because that is what Picovico's own SDK sends (assets=json.dumps(None))
// for a project whose assets were cleared, while it omits credit entirely
// when there are none. Malformed values are 400s naming the element and
// the JSON types, as in "assets[0].data.caption: expected a string, got a
// number". A body that is not valid UTF-8, a field holding a NUL
// character, NaN or Infinity, a document nested too deeply and a number
// out of range are 400s that say so.
//
// # Paging
//
// GET /me/videos is newest first on the key (created_on, id). next_url
// carries from=<created_on>&from_id=<id> of the last video and returns the
// strictly older ones; prev_url carries to=&to_id= of the first (and is
// null on the newest page); both are absolute. A bound without its _id
// part is exclusive, and a page never ends in the middle of a second (it
// takes, past count, the rest of the second of its last video), so a
// client that sends only from=<seconds> (the seed's form, built from the
// last video's created_on) lists every video exactly once.
//
// # Renders
//
// POST /render validates with the engine (and refuses with 7403 an image
// asset that names none of the user's photos), takes one credit in the same
// transaction that queues the job (users have unlimited credits unless
// created with some) and answers 7201. It is exactly-once: the transaction
// moves the video to processing only from another status (a guarded
// transition) and a unique partial index allows one queued-or-running
// render job per video, so duplicates of a request answer 7201 without a
// second job or charge. A preview request joins a preview of the same
// video that is still queued; renders and previews have separate River
// queues, so previews never delay renders; a user may have
// Config.MaxQueuedJobs jobs waiting (429 beyond). The queue is River
// (its SQLite or PostgreSQL driver, tables beside reel's): the jobs table
// is the ledger of credits and attempts, and each ledger job's River job
// is inserted in the same transaction. Every process heartbeats into the
// processes table; a job running in a process that stopped heartbeating
// (a SIGKILL, a lost machine) is given to another worker, and on SQLite
// (one process) the next start takes it back, so no accepted render is
// lost. Shutdown drains: no new job starts and running renders may
// finish until its deadline, after which they are cancelled and put back
// in the queue at once; /readyz answers 503 from its start while every
// other route keeps working.
// Every write of a whole video row is conditional on the status it was
// read with (Store.UpdateVideo, ErrConflict), so an update or a preview
// that races a render request never turns a queued video back into a
// draft: the update answers 409, the worker reads again.
// A job started more than Config.JobAttempts times (every start ended by a
// crash, a kill or a drain deadline) fails instead of running again, and a
// panic in a render fails that video only.
// Deleting a video cancels its running render and, in the transaction
// that removes the row, marks its unfinished jobs failed and gives back a
// credit one of them took (jobs.charged makes the refund happen once, even
// when a failure races the delete).
// Rendering a published video again (after an update) keeps its previous
// renditions listed in "video" and served at their /v/ URLs while the
// new render runs (status processing); success replaces them. If the
// re-render fails the video goes back to published with the previous
// files, the reason in "last_render_error" (cleared by the next good
// render), the credit refunded and video.failed sent to the callback URL:
// a client never loses a working video to a failed re-render.
// A failed first render sets status failed with the reason in "reason".
// A failed render records its reason on the video, refunds the credit and
// (with the app's callback URL) queues Picovico's video.failed callback;
// callbacks are stored in the database and retried with exponential
// backoff. Up to Config.CallbackConcurrency (default 4) are delivered at
// once, at most half of them to any one URL, so a slow receiver does not
// hold up the others; a callback being delivered is leased in the
// database (a crash retries it after the lease: delivery is at least
// once). Callback URLs come from the operator and are not subject to the
// private-address check that guards user-supplied photo URLs.
//
// # Sessions and memory
//
// Access tokens expire Config.TokenTTL after their last use, die with
// POST /logout, auth.RevokeUserTokens, the removal or secret rotation of
// their app, and eviction beyond Config.MaxTokensPerUser;
// auth.Sessions.Validate is the one check. Logins back off exponentially per account and client
// address pair (and, higher, per address) and hash passwords in a
// bounded pool; the studio refuses cross-site sign-ins. Uploads stream to
// temporary files; every image decode (upload check, render, studio frame)
// first reserves width x height x bytes per pixel from a process-wide
// memory budget (Config.MemoryBudget).
package server
