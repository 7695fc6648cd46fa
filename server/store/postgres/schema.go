package postgres

// migrations are the PostgreSQL schema steps, applied in order; the
// number applied is kept in reel_schema.version. Append, never edit. The
// schema mirrors SQLite's after its migrations (times as Unix seconds,
// callbacks' next_at in milliseconds, JSON as text) so both stores behave
// the same, including the unique partial indexes that make a render
// exactly-once.
var migrations = []string{
	`CREATE TABLE users (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		credits BIGINT,
		created_on BIGINT NOT NULL
	);
	CREATE TABLE tokens (
		key TEXT PRIMARY KEY,
		hash BYTEA NOT NULL,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		app_id TEXT NOT NULL,
		device_id TEXT NOT NULL,
		created_on BIGINT NOT NULL,
		last_used BIGINT NOT NULL,
		app_fp TEXT NOT NULL,
		seq BIGSERIAL NOT NULL
	);
	CREATE INDEX tokens_user ON tokens(user_id, created_on);
	CREATE TABLE photos (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		blob TEXT NOT NULL,
		thumb_blob TEXT NOT NULL,
		content_type TEXT NOT NULL,
		width INTEGER NOT NULL,
		height INTEGER NOT NULL,
		size BIGINT NOT NULL,
		source_url TEXT NOT NULL,
		created_on BIGINT NOT NULL
	);
	CREATE INDEX photos_user ON photos(user_id, created_on);
	CREATE TABLE musics (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		blob TEXT NOT NULL,
		content_type TEXT NOT NULL,
		title TEXT NOT NULL,
		artist TEXT NOT NULL,
		duration DOUBLE PRECISION NOT NULL,
		size BIGINT NOT NULL,
		created_on BIGINT NOT NULL
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
		duration DOUBLE PRECISION NOT NULL,
		progress DOUBLE PRECISION NOT NULL,
		error TEXT NOT NULL,
		renditions TEXT NOT NULL,
		preview TEXT NOT NULL,
		view BIGINT NOT NULL,
		created_on BIGINT NOT NULL,
		modified_on BIGINT NOT NULL,
		warnings TEXT NOT NULL DEFAULT '[]'
	);
	CREATE INDEX videos_page ON videos(user_id, created_on, id);
	CREATE TABLE jobs (
		id BIGSERIAL PRIMARY KEY,
		video_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		state TEXT NOT NULL,
		attempts INTEGER NOT NULL,
		error TEXT NOT NULL,
		created_on BIGINT NOT NULL,
		charged INTEGER NOT NULL DEFAULT 0,
		priority INTEGER NOT NULL DEFAULT 0
	);
	CREATE UNIQUE INDEX jobs_one_render ON jobs(video_id) WHERE kind='render' AND state IN ('queued','running');
	CREATE UNIQUE INDEX jobs_one_preview ON jobs(video_id) WHERE kind='preview' AND state='queued';
	CREATE INDEX jobs_claim ON jobs(state, priority, id);
	CREATE INDEX jobs_user ON jobs(user_id, state);
	CREATE TABLE callbacks (
		id BIGSERIAL PRIMARY KEY,
		url TEXT NOT NULL,
		body BYTEA NOT NULL,
		attempts INTEGER NOT NULL,
		last_error TEXT NOT NULL,
		next_at BIGINT NOT NULL
	);
	CREATE INDEX callbacks_due ON callbacks(next_at);`,
	// 2: the frame shape of a video's renditions ("" = 16:9), as SQLite's 6.
	`ALTER TABLE videos ADD COLUMN aspect TEXT NOT NULL DEFAULT '';`,
	// 3: the River queue, as SQLite's 7 (seen_on/started_on in ms).
	`ALTER TABLE jobs ADD COLUMN river_id BIGINT;
	DROP INDEX jobs_claim;
	CREATE TABLE processes (
		id TEXT PRIMARY KEY,
		role TEXT NOT NULL,
		host TEXT NOT NULL,
		pid INTEGER NOT NULL,
		started_on BIGINT NOT NULL,
		seen_on BIGINT NOT NULL
	);`,
	// 4: split renders, as SQLite's 8.
	`CREATE TABLE segments (
		job_id BIGINT NOT NULL,
		quality INTEGER NOT NULL,
		idx INTEGER NOT NULL,
		count INTEGER NOT NULL,
		state TEXT NOT NULL,
		claimed_by TEXT NOT NULL,
		token TEXT NOT NULL,
		blob TEXT NOT NULL,
		size BIGINT NOT NULL,
		created_on BIGINT NOT NULL,
		PRIMARY KEY (job_id, quality, idx)
	);
	ALTER TABLE processes ADD COLUMN renders INTEGER NOT NULL DEFAULT 0;`,
	// 5: storage quotas and deduplicated uploads, as SQLite's 9.
	`ALTER TABLE users ADD COLUMN quota BIGINT;
	ALTER TABLE photos ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
	ALTER TABLE musics ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
	CREATE INDEX photos_content ON photos(user_id, sha256);
	CREATE INDEX musics_content ON musics(user_id, sha256);`,
	// 6: shared rate-limit buckets, as SQLite's 10.
	`CREATE TABLE rate_buckets (
		key TEXT PRIMARY KEY,
		tokens DOUBLE PRECISION NOT NULL,
		updated_ms BIGINT NOT NULL,
		taken INTEGER NOT NULL
	);`,
	// 7: shared login attempt counts, as SQLite's 11.
	`CREATE TABLE login_attempts (
		key TEXT PRIMARY KEY,
		attempts INTEGER NOT NULL,
		next_ms BIGINT NOT NULL,
		last_ms BIGINT NOT NULL
	);`,
	// 8: video clips, as SQLite's 12.
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
		duration DOUBLE PRECISION NOT NULL,
		fps DOUBLE PRECISION NOT NULL,
		has_audio INTEGER NOT NULL,
		size BIGINT NOT NULL,
		source_url TEXT NOT NULL,
		created_on BIGINT NOT NULL,
		sha256 TEXT NOT NULL
	);
	CREATE INDEX clips_user ON clips(user_id, created_on);
	CREATE INDEX clips_content ON clips(user_id, sha256);`,
}
