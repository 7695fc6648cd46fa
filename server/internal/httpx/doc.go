// Package httpx is reeld's HTTP plumbing, below the API's handlers:
// errors that know their status and Picovico's error body (Error,
// WriteError, WriteJSON), request bodies in any of the encodings
// Picovico clients send (Params), public files with hardened Range and
// conditional requests (ServeContent), connections guarded by progress
// rather than total time (StallGuard), and request ids.
//
// It knows nothing of videos, users or stores.
package httpx
