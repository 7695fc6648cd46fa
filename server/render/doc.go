// Package render is reeld's render worker: it runs the queue's render,
// preview and segment jobs (Worker, the render half of a
// queue.JobRunner) through the seam to the engine (Renderer, with
// EngineRenderer the real one, and the optional FrameRenderer and
// SplitRenderer), and opens a user's photos, musics and clips and the
// built-in library's tracks for the engine (Assets), reserving every photo decode
// of a render from the process's memory budget.
//
// A job is finished once in the ledger (the store's Finish), in the
// same transaction that queues its app callback (Config.Callback); a
// failed job's credit is refunded there, before its video shows the
// failure. A render's files go to the blob store under a prefix stamped
// with the job, so a re-render never overwrites files being served; a
// failed re-render of a published video keeps its previous renditions
// and records why. A fault of the database or the blob store is returned
// for the queue to retry, except on the last attempt; a job started more
// than Config.JobAttempts times, or a renderer's panic, fails its video
// only; a render interrupted by shutdown is handed back to the queue
// (queue.ErrInterrupted). Deleting a video cancels its render in this
// process (Cancel); a render in another process notices the deletion
// while it reports progress.
//
// A render of a video longer than Config.SplitAbove is split into
// segments that every live process helps render (RunSegment); the
// process running the job coordinates, renders segments too, takes over
// those of processes that stopped heartbeating, and joins them.
//
// render imports no part of the HTTP server: the server builds a Worker
// from its Config, and owns the apps and URLs a callback names.
package render
