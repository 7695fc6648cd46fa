package sqlite

// migrations are applied in order; the index+1 of the last applied one is
// kept in PRAGMA user_version. Append, never edit. A column added here
// needs the same step appended to the PostgreSQL store's migrations (TestSchemasMatch in server/store/storetest).
var migrations = []string{
	`CREATE TABLE users (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		credits INTEGER,
		created_on INTEGER NOT NULL
	);
	CREATE TABLE tokens (
		key TEXT PRIMARY KEY,
		hash BLOB NOT NULL,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		app_id TEXT NOT NULL,
		device_id TEXT NOT NULL,
		created_on INTEGER NOT NULL
	);
	CREATE TABLE photos (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		blob TEXT NOT NULL,
		thumb_blob TEXT NOT NULL,
		content_type TEXT NOT NULL,
		width INTEGER NOT NULL,
		height INTEGER NOT NULL,
		size INTEGER NOT NULL,
		source_url TEXT NOT NULL,
		created_on INTEGER NOT NULL
	);
	CREATE INDEX photos_user ON photos(user_id, created_on);
	CREATE TABLE musics (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		blob TEXT NOT NULL,
		content_type TEXT NOT NULL,
		title TEXT NOT NULL,
		artist TEXT NOT NULL,
		duration REAL NOT NULL,
		size INTEGER NOT NULL,
		created_on INTEGER NOT NULL
	);
	CREATE INDEX musics_user ON musics(user_id, created_on);
	CREATE TABLE videos (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		app_id TEXT NOT NULL,
		name TEXT NOT NULL,
		status TEXT NOT NULL,
		style TEXT NOT NULL,
		quality INTEGER NOT NULL,
		assets TEXT NOT NULL,
		credit TEXT NOT NULL,
		tags TEXT NOT NULL,
		duration REAL NOT NULL,
		progress REAL NOT NULL,
		error TEXT NOT NULL,
		renditions TEXT NOT NULL,
		preview TEXT NOT NULL,
		view INTEGER NOT NULL,
		created_on INTEGER NOT NULL,
		modified_on INTEGER NOT NULL
	);
	CREATE INDEX videos_page ON videos(user_id, created_on, id);
	CREATE TABLE jobs (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		video_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		state TEXT NOT NULL,
		attempts INTEGER NOT NULL,
		error TEXT NOT NULL,
		created_on INTEGER NOT NULL
	);
	CREATE INDEX jobs_state ON jobs(state, id);
	CREATE TABLE callbacks (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		url TEXT NOT NULL,
		body BLOB NOT NULL,
		attempts INTEGER NOT NULL,
		last_error TEXT NOT NULL,
		next_at INTEGER NOT NULL
	);
	CREATE INDEX callbacks_due ON callbacks(next_at);`,
	// 2: jobs.charged is 1 while the job holds a render credit it took
	// from a user with limited credits; refunding clears it, so a credit
	// comes back once even when a delete races a failure.
	`ALTER TABLE jobs ADD COLUMN charged INTEGER NOT NULL DEFAULT 0;
	UPDATE jobs SET charged=1 WHERE kind='render' AND state IN ('queued','running')
		AND user_id IN (SELECT id FROM users WHERE credits IS NOT NULL);`,
	// 3: exactly-once jobs and priorities. At most one render job per
	// video is queued or running and at most one preview job per video is
	// queued (unique partial indexes: the guarantee lives in the schema,
	// as it can in PostgreSQL). Duplicates left by older versions are
	// failed first, refunding any credit they took. Claim orders by
	// priority (renders 0, previews 1), then id.
	`ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
	UPDATE jobs SET priority=1 WHERE kind='preview';
	CREATE TEMP TABLE dup_jobs AS SELECT j.id, j.user_id, j.charged FROM jobs j
		WHERE (j.kind='render' AND j.state IN ('queued','running') AND j.id <> (SELECT MIN(k.id) FROM jobs k
			WHERE k.video_id=j.video_id AND k.kind='render' AND k.state IN ('queued','running')))
		OR (j.kind='preview' AND j.state='queued' AND j.id <> (SELECT MIN(k.id) FROM jobs k
			WHERE k.video_id=j.video_id AND k.kind='preview' AND k.state='queued'));
	UPDATE users SET credits=credits+(SELECT COALESCE(SUM(d.charged),0) FROM dup_jobs d WHERE d.user_id=users.id)
		WHERE credits IS NOT NULL;
	UPDATE jobs SET state='failed', error='duplicate request', charged=0 WHERE id IN (SELECT id FROM dup_jobs);
	DROP TABLE dup_jobs;
	CREATE UNIQUE INDEX jobs_one_render ON jobs(video_id) WHERE kind='render' AND state IN ('queued','running');
	CREATE UNIQUE INDEX jobs_one_preview ON jobs(video_id) WHERE kind='preview' AND state='queued';
	DROP INDEX jobs_state;
	CREATE INDEX jobs_claim ON jobs(state, priority, id);
	CREATE INDEX jobs_user ON jobs(user_id, state);`,
	// 4: sessions. last_used slides a token's expiry; app_fp binds it to
	// the secret of the app it was issued through (tokens from before
	// have none and stop working: nobody can tell which secret issued
	// them); tokens_user finds a user's tokens for the live-token cap.
	`ALTER TABLE tokens ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE tokens ADD COLUMN app_fp TEXT NOT NULL DEFAULT '';
	UPDATE tokens SET last_used=created_on;
	CREATE INDEX tokens_user ON tokens(user_id, created_on);`,
	// 5: the warnings of a video's last successful render (JSON array of
	// strings, e.g. characters no font has).
	`ALTER TABLE videos ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';`,
	// 6: the frame shape of a video's renditions ("" = 16:9, Picovico's).
	`ALTER TABLE videos ADD COLUMN aspect TEXT NOT NULL DEFAULT '';`,
	// 7: the River queue. jobs stays the ledger (exactly-once indexes,
	// credits, attempts); river_id names the River job that runs it (the
	// store adopts older queued jobs into River at open). processes is
	// the liveness table; callbacks are River jobs from now on (the rows
	// of older versions are moved into River at open, then dropped).
	`ALTER TABLE jobs ADD COLUMN river_id INTEGER;
	DROP INDEX jobs_claim;
	CREATE TABLE processes (
		id TEXT PRIMARY KEY,
		role TEXT NOT NULL,
		host TEXT NOT NULL,
		pid INTEGER NOT NULL,
		started_on INTEGER NOT NULL,
		seen_on INTEGER NOT NULL
	);`,
	// 8: split renders. segments holds the parts of a render split
	// across workers (one row per rendition and frame range of a
	// ledger job; see segments.go); processes.renders is how many renders
	// a process runs at once, so a coordinator can count the render slots
	// alive.
	`CREATE TABLE segments (
		job_id INTEGER NOT NULL,
		quality INTEGER NOT NULL,
		idx INTEGER NOT NULL,
		count INTEGER NOT NULL,
		state TEXT NOT NULL,
		claimed_by TEXT NOT NULL,
		token TEXT NOT NULL,
		blob TEXT NOT NULL,
		size INTEGER NOT NULL,
		created_on INTEGER NOT NULL,
		PRIMARY KEY (job_id, quality, idx)
	);
	ALTER TABLE processes ADD COLUMN renders INTEGER NOT NULL DEFAULT 0;`,
	// 9: storage quotas and deduplicated uploads. users.quota is the
	// bytes of photos and musics the user may keep (NULL: the server's
	// default); sha256 is the hex SHA-256 of an upload's bytes, so a
	// user's identical uploads are stored once.
	`ALTER TABLE users ADD COLUMN quota INTEGER;
	ALTER TABLE photos ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
	ALTER TABLE musics ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
	CREATE INDEX photos_content ON photos(user_id, sha256);
	CREATE INDEX musics_content ON musics(user_id, sha256);`,
	// 10: rate-limit token buckets shared by the processes of one
	// database (used with PostgreSQL; the table exists in both so the
	// schemas stay one). taken is whether the last request got a token.
	`CREATE TABLE rate_buckets (
		key TEXT PRIMARY KEY,
		tokens DOUBLE PRECISION NOT NULL,
		updated_ms BIGINT NOT NULL,
		taken INTEGER NOT NULL
	);`,
	// 11: login attempt counts shared by the processes of one database
	// (used with PostgreSQL; the table exists in both so the schemas
	// stay one).
	`CREATE TABLE login_attempts (
		key TEXT PRIMARY KEY,
		attempts INTEGER NOT NULL,
		next_ms BIGINT NOT NULL,
		last_ms BIGINT NOT NULL
	);`,
	// 12: video clips, a third kind of upload beside photos and musics
	// (the same quota and SHA-256 dedupe). Width and height are the
	// displayed size, after rotation; duration in seconds; has_audio 0/1.
	`CREATE TABLE clips (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		blob TEXT NOT NULL,
		poster_blob TEXT NOT NULL,
		content_type TEXT NOT NULL,
		codec TEXT NOT NULL,
		width INTEGER NOT NULL,
		height INTEGER NOT NULL,
		rotation INTEGER NOT NULL,
		duration REAL NOT NULL,
		fps REAL NOT NULL,
		has_audio INTEGER NOT NULL,
		size INTEGER NOT NULL,
		source_url TEXT NOT NULL,
		created_on INTEGER NOT NULL,
		sha256 TEXT NOT NULL
	);
	CREATE INDEX clips_user ON clips(user_id, created_on);
	CREATE INDEX clips_content ON clips(user_id, sha256);`,
}
