// Package server is reeld's HTTP API: a Picovico-compatible video API
// (login, photos, musics, styles, videos, render, public /v/ downloads) on
// top of a Store (metadata, users, tokens and the durable render queue) and
// Blobs (photo, music and rendition bytes).
//
// The embedded defaults are a SQLite database and a filesystem blob store
// under one data directory (see OpenSQLite and NewFSBlobs); both sit behind
// interfaces so a PostgreSQL store and an S3 blob store can be added for
// deployments that outgrow one machine.
//
// Renders run on a small pool of workers that claim jobs from the queue
// table. A job that was running when the process died is queued again when
// the next process opens the store, so a crash loses no accepted render.
package server
